import Agent
import Core
import Foundation
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import Speech
import Locks

/// One call on the text-transcript protocol (a Retell-style platform does the speech; the host
/// answers text). Keyed by the platform's call id, not by socket: a dropped socket reconnects
/// to the same call within `reconnectGrace`.
///
/// Responses are streamed sentence by sentence under the request's `response_id`; a newer
/// `response_required` supersedes an older one mid-stream (the rest of the old one is dropped).
/// The platform's transcript says what the caller actually heard: an agent turn shorter than
/// the reply sent (the caller talked over it) is cut to that in the call's memory.
actor TextCall {
    let id: String
    private let context: ServerContext
    private var logger: Logger
    private var agentCall: AgentCall?
    /// What the protocol's messages mean for the call (supersession, greeting, what was heard).
    private var session: TextCallSession
    private var socket = 0
    private var outbound: GuardedOutbound?
    /// Whether the socket now attached presented the text protocol's secret (its caller ID counts).
    private var trusted = false
    /// Issued with the first socket's `config`; a later socket resumes the call only with it.
    let resumeToken = SessionTokens.randomToken()
    private var greeting: Task<Void, Never>?
    private var expiry: Task<Void, Never>?
    private(set) var ended = false

    static let reconnectGrace: Duration = .seconds(30)
    static let greetingWait: Duration = .milliseconds(300)

    init(id: String, context: ServerContext, logger: Logger) {
        self.id = id
        self.context = context
        self.logger = logger
        self.logger[metadataKey: "call_id"] = "\(id)"
        session = TextCallSession(wording: context.agent.configuration.session.wording, transferNumber: context.configuration.transferNumber)
    }

    /// Why a socket was not given the call.
    enum Refusal: Error, Equatable {
        /// The call has another socket, or is waiting for its own: the resume token is needed.
        case inUse
        case ended
    }

    /// A socket for this call opened; returns its number. The first socket starts the call. A
    /// later one takes it over only with the call's resume token, or — while the call waits for
    /// its socket to come back — when it presents the transport's secret (a platform such as
    /// Retell reconnecting on its own). Anyone else is refused: a call is never handed to a
    /// stranger who guessed or saw its id.
    func attach(_ outbound: GuardedOutbound, trust: ConnectionTrust, resumeToken presented: String?) async throws(Refusal) -> Int {
        guard !ended else { throw .ended }
        if socket > 0 {
            let holdsToken = presented.map { ConnectionTrust.equal($0, resumeToken) } ?? false
            let platformReturning = self.outbound == nil && trust == .trusted
            guard holdsToken || platformReturning else {
                logger.warning("refused a second socket for this call: no resume token")
                throw .inUse
            }
            if let previous = self.outbound {
                logger.info("the call moved to a new socket that presented its resume token")
                try? await previous.close(RefusalCode.callInUse, reason: "the call was resumed on another connection")
            }
        }
        expiry?.cancel()
        context.textCalls.resumed(id)
        socket += 1
        self.outbound = outbound
        trusted = trust == .trusted
        await send(RetellOutbound.config(resumeToken: resumeToken))
        if agentCall == nil, greeting == nil {
            // Wait a moment for call_details (the caller's number lets the CRM skill greet by name).
            greeting = Task {
                try? await Task.sleep(for: Self.greetingWait)
                guard !Task.isCancelled else { return }
                await self.greetingDue()
            }
        } else {
            logger.info("the platform reconnected")
        }
        return socket
    }

    /// Socket `number` closed; the call waits `reconnectGrace` for another before it ends.
    func detach(_ number: Int) {
        guard number == socket, !ended else { return }
        outbound = nil
        for evicted in context.textCalls.waiting(id, limit: context.configuration.maximumResumableCalls) {
            Task { await evicted.end(reason: "too many calls waiting for their socket to come back") }
        }
        expiry = Task {
            try? await Task.sleep(for: Self.reconnectGrace)
            if !Task.isCancelled { await self.end(reason: "no reconnect within \(Self.reconnectGrace)") }
        }
    }

    func receive(_ text: String, socket number: Int) async {
        guard number == socket, !ended else { return }
        let message: RetellInbound
        do {
            message = try RetellInbound.decode(text)
        } catch {
            logger.warning("dropped: invalid message (\(error.description))")
            return
        }
        await perform(session.receive(message, trusted: trusted))
    }

    private func greetingDue() async {
        await perform([session.greet()])
    }

    /// Performs the session's actions in order; a response superseded part-way stops there.
    private func perform(_ actions: [TextCallSession.Action]) async {
        for action in actions {
            guard !ended else { return }
            switch action {
            case .send(let message):
                await send(message)
            case .stream(let responseID, let message):
                guard session.isCurrent(responseID) else {
                    logger.debug("response \(responseID) superseded by \(session.latestResponseID): the rest is dropped")
                    return
                }
                await send(message)
            case .greet:
                await greet()
            case .cancelGreeting:
                greeting?.cancel()
            case .respond(let responseID, let said):
                guard let call = await startIfNeeded() else { return }
                let report = await call.handle(said)
                context.calls.record(report, for: id)
                await perform(session.replied(report, responseID: responseID))
            case .interrupted(let turn, let heard):
                await agentCall?.interrupted(turn: turn, heard: [heard])
            case .handoff(let record, let number):
                await context.handoffs.record(
                    record, call: agentCall, outcome: number == nil ? .callback : .transferred, detail: number ?? "no transfer number configured"
                )
            case .end(let reason):
                await end(reason: reason)
            case .log(let level, let line):
                logger.log(level: level, "\(line)")
            }
        }
    }

    // MARK: Turns

    private func startIfNeeded() async -> AgentCall? {
        if let agentCall { return agentCall }
        let caller = session.caller
        let call = context.agent.startCall(caller: caller, callID: id)
        let admitted = context.calls.admit(LiveCalls.Info(id: id, transport: "text", caller: caller)) { [weak self] in
            Task { await self?.shutDown() }
        }
        guard admitted else {
            logger.warning("call refused: the host is draining or at its call limit")
            await send(RetellOutbound.response(id: 0, content: context.agent.configuration.session.wording.busy, complete: true, endCall: true))
            ended = true
            // Out of the registry too: a refused call must not hold a place among the text calls.
            context.textCalls.remove(id)
            return nil
        }
        agentCall = call
        logger.info("call started", metadata: ["caller": "\(caller ?? "unknown")"])
        return call
    }

    private func greet() async {
        guard agentCall == nil, !ended, let call = await startIfNeeded() else { return }
        let report = await call.begin()
        await perform(session.greeted(report))
    }

    /// The host is shutting down: the caller hears why, then the call ends.
    func shutDown() async {
        guard !ended else { return }
        await send(RetellOutbound.agentInterrupt(id: 1, content: context.agent.configuration.session.wording.shuttingDown, endCall: true))
        await end(reason: "the host is shutting down")
    }

    func end(reason: String) async {
        guard !ended else { return }
        ended = true
        expiry?.cancel()
        greeting?.cancel()
        context.calls.remove(id)
        context.textCalls.remove(id)
        await agentCall?.end(reason: reason)
        logger.info("call ended: \(reason)")
        if let outbound { try? await outbound.close(.normalClosure, reason: nil) }
        outbound = nil
    }

    private func send(_ text: String) async {
        guard let outbound else { return }
        do {
            try await outbound.write(.text(text))
        } catch {
            logger.debug("write failed (the socket is gone): \(error)")
        }
    }

    /// The agent's memory, for tests and the admin API.
    var memory: ConversationMemory? {
        get async { await agentCall?.memory }
    }
}

/// The text calls by platform call id, bounded: at most the host's live-call limit exist, and at
/// most `maximumResumableCalls` wait for a socket to come back (the oldest waiting one ends).
final class TextCalls: Sendable {
    private struct State {
        var calls: [String: TextCall] = [:]
        /// Calls whose socket dropped, oldest first.
        var waiting: [String] = []
    }

    private let state = Mutex(State())

    /// The call for `id`, made if it is new; nil when the host already has `limit` of them.
    func call(_ id: String, limit: Int, context: ServerContext, logger: Logger) -> TextCall? {
        state.withLock { state in
            if let existing = state.calls[id] { return existing }
            guard state.calls.count < limit else { return nil }
            let call = TextCall(id: id, context: context, logger: logger)
            state.calls[id] = call
            return call
        }
    }

    func existing(_ id: String) -> TextCall? { state.withLock { $0.calls[id] } }

    var count: Int { state.withLock { $0.calls.count } }

    func remove(_ id: String) {
        state.withLock { state in
            state.calls.removeValue(forKey: id)
            state.waiting.removeAll { $0 == id }
        }
    }

    /// `id` lost its socket; returns the calls that must end to keep at most `limit` waiting.
    func waiting(_ id: String, limit: Int) -> [TextCall] {
        state.withLock { state in
            state.waiting.removeAll { $0 == id }
            state.waiting.append(id)
            var evicted: [TextCall] = []
            while state.waiting.count > limit {
                let oldest = state.waiting.removeFirst()
                if let call = state.calls[oldest] { evicted.append(call) }
            }
            return evicted
        }
    }

    /// `id` has a socket again.
    func resumed(_ id: String) {
        state.withLock { $0.waiting.removeAll { $0 == id } }
    }
}

