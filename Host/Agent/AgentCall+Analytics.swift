import Core
import Foundation
import PluginHost

/// What a call's analytics carry from turn to turn.
struct CallAnalytics: Sendable {
    var startedAt: Date?
    var clarificationPending = false
    var escalated = false
    var ended = false
}

extension CallEvent {
    /// A new event id (UUID): unique across hosts, so a replay lands once.
    public static func newID() -> String { UUID().uuidString.lowercased() }

    /// Now, in milliseconds since 1970.
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A handoff as the queue shows it: who, why, the summary a person picks the call up with,
    /// and how it was delivered (transferred to a number, or a callback promised).
    public static func handoff(_ record: HandoffRecord, delivery: String, transport: String?, host: String?) -> CallEvent {
        CallEvent(
            id: newID(), callID: record.callID, at: now(), kind: .handoff, host: host, transport: transport, caller: record.caller,
            outcome: delivery.hasPrefix("transferred") ? "transferred" : "callback",
            detail: HandoffDetailJSON.encode(reason: Redaction.forStorage(record.reason), summary: Redaction.forStorage(record.summary),
                                             customerName: record.customerName, delivery: delivery)
        )
    }
}

/// The handoff detail as JSON (the analytics store reads the same keys).
enum HandoffDetailJSON {
    static func encode(reason: String, summary: String, customerName: String?, delivery: String) -> String {
        var object: [String: String] = ["reason": reason, "summary": summary, "delivery": delivery]
        if let customerName { object["customerName"] = customerName }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension ConversationEvent.Path {
    var analytics: CallEvent.Path {
        switch self {
        case .fastPath: .fastPath
        case .slotAnswer: .slotAnswer
        case .clarified: .clarification
        case .escalation: .escalation
        case .resumed: .resumed
        case .languageModel: .llm
        }
    }
}

extension AgentCall {
    private func emit(_ kind: CallEvent.Kind, turn: Int? = nil, utterance: String? = nil, intent: String? = nil,
                      path: CallEvent.Path? = nil, confidence: Double? = nil, outcome: String? = nil,
                      latency: [CallEvent.Stage: Double] = [:], durationMs: Double? = nil, detail: String? = nil) {
        guard let sink = agent.events else { return }
        sink.record(CallEvent(
            id: CallEvent.newID(), callID: callID, at: CallEvent.now(), kind: kind, host: agent.hostName, transport: transport,
            caller: caller, turn: turn, utterance: utterance, intent: intent, path: path, confidence: confidence, outcome: outcome,
            latency: latency, durationMs: durationMs, detail: detail
        ))
    }

    /// Voice transports time a turn's end to end themselves (from the end of the caller's speech).
    var isVoice: Bool { transport == "twilio" || transport == "audio" }

    func recordStart() {
        guard analytics.startedAt == nil else { return }
        analytics.startedAt = Date()
        let plugins = Dictionary(agent.plugins.registry.plugins.map { ($0.name, $0.generation) }) { first, _ in first }
        let detail = (try? JSONSerialization.data(withJSONObject: ["plugins": plugins], options: [.sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) }
        emit(.callStarted, turn: 0, detail: detail)
    }

    func recordTurn(_ report: TurnReport, utterance: String, took: Duration) {
        guard agent.events != nil, !utterance.isEmpty else { return }
        var path = report.path?.analytics
        for event in report.events {
            switch event {
            case .clarificationAsked where path == nil: path = .clarification
            case .notUnderstood where path == nil: path = .notUnderstood
            case .openQuestionAnswered where path == nil: path = .modelAnswer
            case .socialTurn where path == nil: path = .social
            default: break
            }
        }
        var latency: [CallEvent.Stage: Double] = [
            .classification: report.embedding.milliseconds,
            .skill: report.handlers.milliseconds,
        ]
        // The model's first token when it answered; the router's whole (short) reply otherwise.
        if let first = report.languageModelFirstToken {
            latency[.llmFirstToken] = first.milliseconds
        } else if report.languageModel > .zero {
            latency[.llmFirstToken] = report.languageModel.milliseconds
        }
        if !isVoice { latency[.endToEnd] = took.milliseconds }
        let heard = session.memory.transcript.last { $0.speaker == .caller }?.text ?? utterance
        emit(.turn, turn: report.turn, utterance: Redaction.forStorage(heard), intent: report.intent, path: path,
             confidence: report.confidence.map(Double.init), latency: latency)
        for exchange in report.toolCalls {
            emit(.toolCall, turn: report.turn, outcome: exchange.failed ? "failed" : "ok",
                 detail: Self.json(["tool": exchange.tool, "key": exchange.key]))
        }
        // Clarifying questions: asked, then settled on a task or left.
        let resolved = report.events.first { if case .clarificationResolved = $0 { true } else { false } }
        let asked = report.events.first { if case .clarificationAsked = $0 { true } else { false } }
        if case .clarificationResolved(let intent) = resolved {
            emit(.clarification, turn: report.turn, intent: intent, outcome: "resolved")
            analytics.clarificationPending = false
        } else if analytics.clarificationPending, asked == nil, !Self.isClarifying(report.state) {
            emit(.clarification, turn: report.turn, outcome: "abandoned")
            analytics.clarificationPending = false
        }
        if case .clarificationAsked(let candidates) = asked, !analytics.clarificationPending {
            emit(.clarification, turn: report.turn, detail: Self.json(["candidates": candidates.joined(separator: ",")]))
            analytics.clarificationPending = true
        }
        if report.transfer != nil { analytics.escalated = true }
        // A skill that takes the handoff itself (a callback promised by the handoff plugin) is a
        // handoff too: it joins the shared queue.
        if report.transfer == nil, let intent = report.intent, agent.catalog[intent]?.isEscalationTarget == true, !analytics.escalated {
            recordHandoff(session.handoffRecord(reason: "the caller asked for a person (\(intent))"),
                          delivery: "callback: " + Redaction.forStorage(report.replies.joined(separator: " ")))
        }
    }

    /// A speech engine (`recognizer`, `synthesizer`) failed on this call.
    public func recordEngineError(_ engine: String, _ message: String) {
        emit(.engineError, turn: session.turn, outcome: engine, detail: String(message.prefix(300)))
    }

    /// The caller talked over `turn`'s reply.
    public func recordBargeIn(turn: Int) {
        emit(.bargeIn, turn: turn)
    }

    /// A spoken turn's timing, from the end of the caller's speech to the first agent audio.
    public func recordAudioTiming(turn: Int, endpointing: Duration, recognition: Duration?, response: Duration) {
        var latency: [CallEvent.Stage: Double] = [
            .endpointing: endpointing.milliseconds, .firstAudio: response.milliseconds,
            .endToEnd: (endpointing + response).milliseconds,
        ]
        if let recognition { latency[.recognition] = recognition.milliseconds }
        emit(.turnAudio, turn: turn, latency: latency)
    }

    /// The transport delivered a handoff (transferred, or a callback promised).
    public func recordHandoff(_ record: HandoffRecord, delivery: String) {
        analytics.escalated = true
        agent.events?.record(CallEvent.handoff(record, delivery: delivery, transport: transport, host: agent.hostName))
    }

    /// The call is over (the caller hung up, the agent ended it, the host is draining): records
    /// how it ended once — escalated when handed to a person, resolved when a task was completed
    /// or a question answered, abandoned otherwise.
    public func end(reason: String) {
        guard !analytics.ended, analytics.startedAt != nil else { return }
        analytics.ended = true
        if analytics.clarificationPending { emit(.clarification, turn: session.turn, outcome: "abandoned") }
        let statistics = session.statistics
        let completed = session.memory.tasks.contains { $0.outcome == .completed }
        let outcome = analytics.escalated || session.state == .transferring ? "escalated"
            : completed || statistics.openAnswers > 0 ? "resolved" : "abandoned"
        let duration = analytics.startedAt.map { Date().timeIntervalSince($0) * 1000 }
        emit(.callEnded, turn: session.turn, outcome: outcome, durationMs: duration,
             detail: Self.json(["reason": Redaction.forStorage(reason)]))
    }

    private static func isClarifying(_ state: SessionState) -> Bool {
        if case .clarifying = state { return true }
        return false
    }

    static func json(_ object: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension Duration {
    var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
