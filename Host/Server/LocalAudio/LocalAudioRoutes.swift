import Agent
import Core
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Locks
import Voice

/// `WS /audio`: a call from a local client (a microphone, the browser softphone): 16 kHz 16-bit
/// little-endian PCM in binary frames both ways, JSON text frames for control.
///
/// Host → client: `{"type":"ready","call_id":…,"sample_rate":16000}` first; agent audio as binary
/// frames, each followed by `{"type":"mark","name":…}` (echo it back when the audio has played;
/// without echoes a playout clock stands in); `{"type":"clear"}` on barge-in (drop buffered
/// audio); `{"type":"transcript","role":"caller"|"agent","text":…}`; `{"type":"end","reason":…}`
/// before the host closes.
/// Client → host: binary audio; `{"type":"mark","name":…}`, `{"type":"dtmf","digit":"5"}`,
/// `{"type":"stop"}`. Anything else is logged and ignored. `?caller=+1555…` sets the caller ID
/// when the connection presents `SMARTDESK_AUDIO_SECRET` (``ConnectionTrust``); otherwise the
/// caller is anonymous.
enum LocalAudioRoutes {
    static let sampleRate = 16_000

    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.webSocket("/audio") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, wsContext in
            let trust = ConnectionTrust(request: wsContext.request, secret: context.configuration.audioSecret)
            guard trust != .refused else {
                wsContext.logger.warning("local audio socket refused: it did not present the audio secret")
                try? await outbound.close(RefusalCode.unauthorized, reason: "this host needs the local audio secret")
                return
            }
            // A caller ID only from a connection that proved itself (docs/security.md).
            let claimed = wsContext.request.uri.queryParameters["caller"].map(String.init)
            let caller = trust == .trusted ? claimed : nil
            if claimed != nil, caller == nil {
                wsContext.logger.notice("caller ID ignored: the connection did not present the audio secret (SMARTDESK_AUDIO_SECRET)")
            }
            let id = "local-" + String(SessionTokens.randomToken().prefix(16))
            var voice = context.configuration.voice
            voice.inputRate = sampleRate
            voice.outputRate = sampleRate
            let call: VoiceCall
            do {
                call = try VoiceCall(agent: context.agent, engines: context.engines, configuration: voice, caller: caller, callID: id)
            } catch {
                wsContext.logger.error("local audio call could not start: \(error)")
                try? await outbound.write(.text(LocalAudioSession.end(reason: "speech engines unavailable")))
                return
            }
            let shuttingDown = context.agent.configuration.session.wording.shuttingDown
            let cutAtShutdown = Flag()
            let admitted = context.calls.admit(LiveCalls.Info(id: id, transport: "audio", caller: caller)) {
                // At the drain deadline: a goodbye, and the call ends however the client behaves.
                Task {
                    await call.sayAndHangUp(shuttingDown)
                    try? await Task.sleep(for: context.configuration.goodbyeGrace)
                    cutAtShutdown.raise()
                    await call.stop()
                }
            }
            guard admitted else {
                try? await outbound.write(.text(LocalAudioSession.end(reason: "the host is not taking calls")))
                await call.stop()
                return
            }
            defer { context.calls.remove(id) }
            let outbound = GuardedOutbound(
                outbound, channel: wsContext.requestContext.channel, deadline: context.configuration.writeDeadline, logger: wsContext.logger
            )
            try? await outbound.write(.text(LocalAudioSession.ready(callID: id, sampleRate: sampleRate)))
            let over = Flag()
            let pump = Task {
                var saidEnd = false
                for await event in call.events {
                    if case .hangUp = event { saidEnd = true }
                    guard await forward(event, outbound: outbound, call: call, context: context, id: id) else { break }
                }
                // Ended without the host's own hang-up (the goodbye had not finished playing when
                // the drain's grace ran out, or the client stopped): the client still hears why.
                if !saidEnd {
                    let reason = cutAtShutdown.isRaised ? "the host is shutting down" : "the call ended"
                    try? await outbound.write(.text(LocalAudioSession.end(reason: reason)))
                }
                over.raise()
                try? await outbound.close(.normalClosure, reason: nil)
            }
            await call.start()
            var session = LocalAudioSession()
            do {
                messages: for try await message in inbound.messages(maxSize: context.configuration.maximumAudioMessageSize) {
                    // The call is over (hung up, or cut at shutdown): a client still streaming audio
                    // does not keep the connection.
                    if over.isRaised { break messages }
                    let actions: [LocalAudioSession.Action]
                    switch message {
                    case .binary(let buffer): actions = session.receive(binary: buffer.readableBytesView)
                    case .text(let text): actions = session.receive(text: text)
                    }
                    for action in actions {
                        switch action {
                        case .audio(let samples): await call.receive(samples)
                        case .dtmf(let key): await call.receive(dtmf: key)
                        case .markEchoed(let mark): await call.markPlayed(mark)
                        case .stop: break messages
                        case .log(let line): wsContext.logger.warning("\(line)", metadata: ["call_id": "\(id)"])
                        }
                    }
                }
            } catch {
                wsContext.logger.warning("local audio socket failed: \(error)")
            }
            await call.stop()
            _ = await pump.value
        }
    }

    /// Sends one event to the client (`LocalAudioSession.outbound`) and acts on what concerns the
    /// host; false once the call is over.
    private static func forward(_ event: VoiceCallEvent, outbound: GuardedOutbound, call: VoiceCall, context: ServerContext, id: String) async -> Bool {
        switch event {
        case .replied(let report):
            context.calls.record(report, for: id)
        case .transfer(let record):
            // Nobody to hand a local call to: the caller hears the callback promise, then goodbye.
            await context.handoffs.record(record, call: call.agentCall, outcome: .callback, detail: "a local audio call cannot be transferred")
            await call.sayAndHangUp(context.agent.configuration.session.wording.nobodyToTransfer)
        case .engineFailed(let engine, let message):
            context.logger.error("the \(engine) failed on local call \(id): \(message)")
        default:
            break
        }
        do {
            for message in LocalAudioSession.outbound(for: event) {
                switch message {
                case .binary(let samples):
                    var buffer = ByteBuffer()
                    buffer.reserveCapacity(samples.count * 2)
                    for sample in samples { buffer.writeInteger(UInt16(bitPattern: sample), endianness: .little) }
                    try await outbound.write(.binary(buffer))
                case .text(let text):
                    try await outbound.write(.text(text))
                }
            }
        } catch {
            return false
        }
        if case .hangUp = event { return false }
        return true
    }
}

/// A flag one task raises and another reads.
final class Flag: Sendable {
    private let value = Mutex(false)
    func raise() { value.withLock { $0 = true } }
    var isRaised: Bool { value.withLock { $0 } }
}
