import Agent
import Core
import Foundation
import HummingbirdWebSocket
import NIOWebSocket
import Logging
import Speech
import Voice

/// One Twilio media-stream socket: it feeds `TwilioStreamSession` the frames, bridges the call to
/// a `VoiceCall` once a `start` with a valid session token arrives, and writes what the call emits
/// (media, marks, clear). Transfers and hang-ups go through Twilio's REST API when credentials
/// are configured; without them the caller is promised a call back and the socket is closed
/// (which ends the call: nothing follows `<Connect>`). Every failure is logged with its reason;
/// none reaches the host.
actor TwilioStreamConnection {
    private let context: ServerContext
    private let outbound: GuardedOutbound
    private var logger: Logger
    private var session = TwilioStreamSession()
    private var call: VoiceCall?
    private var pump: Task<Void, Never>?
    private var callID: String?
    private var callSid: String?
    private var streamSid: String?
    private var closed = false

    init(context: ServerContext, outbound: GuardedOutbound, logger: Logger) {
        self.context = context
        self.outbound = outbound
        self.logger = logger
    }

    var isClosed: Bool { closed }

    func receive(text: String) async {
        await perform(session.receive(text: text))
    }

    func receiveBinary(size: Int) async {
        await perform(session.receiveBinary(size: size))
    }

    func startTimedOut() async {
        await perform(session.startTimedOut())
    }

    func socketClosed() async {
        await perform(session.socketClosed())
        closed = true
    }

    private func perform(_ actions: [TwilioStreamSession.Action]) async {
        for action in actions {
            switch action {
            case .startCall(let start):
                await startCall(start)
            case .audio(let bytes):
                await call?.receive(G711Law.muLaw.decode(bytes))
            case .dtmf(let key):
                logger.debug("dtmf \(key)")
                await call?.receive(dtmf: key)
            case .markEchoed(let name):
                await call?.markPlayed(name)
            case .endCall(let reason):
                await endCall(reason: reason)
            case .close(let reason):
                await close(reason: reason)
            case .log(let message):
                logger.warning("\(message)", metadata: ["dropped": "\(session.dropped.values.reduce(0, +))"])
            }
        }
    }

    // MARK: Call

    private func startCall(_ start: TwilioStart) async {
        streamSid = start.streamSid
        callSid = start.callSid
        logger[metadataKey: "streamSid"] = "\(start.streamSid)"
        if let callSid = start.callSid { logger[metadataKey: "callSid"] = "\(callSid)" }
        guard let token = start.customParameters["sessionToken"], let entry = context.tokens.redeem(token) else {
            logger.warning("start without a valid session token: the stream did not come from this host's webhook; closing")
            await perform(session.hostEnded(reason: "no valid session token"))
            return
        }
        let caller = entry.from ?? start.customParameters["from"]
        let id = start.callSid ?? entry.callSid ?? start.streamSid
        let voiceCall: VoiceCall
        do {
            voiceCall = try VoiceCall(
                agent: context.agent, engines: context.engines, configuration: context.configuration.voice,
                caller: caller, callID: id, transport: "twilio"
            )
        } catch {
            logger.error("the call could not start its speech engines: \(error)")
            await perform(session.hostEnded(reason: "speech engines unavailable"))
            return
        }
        let admitted = context.calls.admit(LiveCalls.Info(id: id, transport: "twilio", caller: caller)) { [weak self] in
            Task { await self?.hostEnded(reason: "the host is shutting down") }
        }
        guard admitted else {
            logger.warning("call refused: the host is draining (or the call id is already live)")
            await voiceCall.stop()
            await perform(session.hostEnded(reason: "host draining"))
            return
        }
        callID = id
        call = voiceCall
        logger.info("call started", metadata: ["caller": "\(caller ?? "unknown")"])
        pump = Task { await self.forward(voiceCall.events) }
        await voiceCall.start()
    }

    private func hostEnded(reason: String) async {
        await perform(session.hostEnded(reason: reason))
    }

    private func endCall(reason: String) async {
        guard let call else { return }
        self.call = nil
        logger.info("call ended: \(reason)")
        // The call's event stream finishes and the pump with it (it may be the pump calling here).
        await call.stop()
        if let callID { context.calls.remove(callID) }
    }

    private func close(reason: String) async {
        guard !closed else { return }
        closed = true
        logger.info("closing the stream socket: \(reason)")
        try? await outbound.close(.normalClosure, reason: String(reason.prefix(100)))
    }

    // MARK: Events from the call

    private func forward(_ events: AsyncStream<VoiceCallEvent>) async {
        for await event in events {
            await handle(event)
        }
    }

    private func handle(_ event: VoiceCallEvent) async {
        guard let streamSid, !closed else { return }
        switch event {
        case .audio(let samples, let mark):
            let bytes = G711Law.muLaw.encode(samples)
            try? await outbound.write(.text(TwilioOutbound.media(streamSid: streamSid, muLaw: bytes)))
            try? await outbound.write(.text(TwilioOutbound.mark(streamSid: streamSid, name: mark)))
        case .clear:
            try? await outbound.write(.text(TwilioOutbound.clear(streamSid: streamSid)))
        case .transfer(let record):
            await transfer(record)
        case .hangUp(let reason):
            await hangUp(reason: reason)
        case .heard(let utterance):
            var metadata: Logger.Metadata = [
                "source": "\(utterance.source.rawValue)", "grammar": "\(utterance.grammar?.rawValue ?? "lm")",
                "endpoint": "\(utterance.endpoint.map { "\($0)" } ?? "-")",
            ]
            if let choice = utterance.choice {
                metadata["decoded"] = "\(utterance.fellBackToLanguageModel ? "lm" : "grammar")"
                metadata["why"] = "\(choice)"
            }
            logger.info("caller: \(Redaction.forStorage(utterance.text))", metadata: metadata)
        case .replied(let report):
            logger.info("agent: \(Redaction.forStorage(report.replies.joined(separator: " ")))", metadata: ["intent": "\(report.intent ?? "-")"])
            if let callID {
                context.calls.record(report, for: callID)
            }
        case .interrupted(let turn, let heard):
            logger.info("barge-in on turn \(turn); heard: \(heard.replies.joined(separator: " | "))")
        case .ignored(let why):
            logger.debug("ignored: \(why)")
        case .engineFailed(let engine, let message):
            logger.error("the \(engine) failed: \(message)")
        case .firstAudio(let latency):
            logger.info("turn \(latency.turn): first audio \(latency.total) after the caller stopped (endpointing \(latency.endpointing))")
        case .replyComplete:
            break
        }
    }

    private func transfer(_ record: HandoffRecord) async {
        if let rest = context.rest, let callSid, let number = context.configuration.transferNumber {
            do {
                try await rest.transfer(callSid: callSid, to: number)
                await context.handoffs.record(record, call: call?.agentCall, outcome: .transferred, detail: number)
                logger.info("transferred to \(number)")
                // Twilio ends the stream: a stop follows.
                return
            } catch {
                logger.error("the transfer failed: \(error)")
                await context.handoffs.record(record, call: call?.agentCall, outcome: .callback, detail: "transfer failed: \(error)")
            }
        } else {
            await context.handoffs.record(record, call: call?.agentCall, outcome: .callback, detail: "no Twilio credentials or transfer number configured")
        }
        await call?.sayAndHangUp(context.agent.configuration.session.wording.nobodyToTransfer)
    }

    private func hangUp(reason: String) async {
        logger.info("hanging up: \(reason)")
        if let rest = context.rest, let callSid {
            do {
                try await rest.hangUp(callSid: callSid)
            } catch {
                logger.error("hang-up through the REST API failed (closing the socket instead): \(error)")
            }
        }
        await perform(session.hostEnded(reason: reason))
    }
}
