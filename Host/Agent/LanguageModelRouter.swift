import Core
import Foundation
import HTTPClient
import LLM
import PluginHost
import Locks

/// The language model as the router of last resort: when the fast path is unsure, it gets the
/// intents with their descriptions and a few examples each — a prompt prefix that stays the same
/// from call to call, so servers that cache prefixes reuse it — and must answer
/// `{"intent": …, "confidence": …}` (a strict JSON schema; the intent one of the list or "none").
/// An answer it is sure enough of decides; anything else, or no answer in time, leaves the turn to
/// the clarifying question it would have had. After repeated failures it is not asked for a while
/// (a circuit breaker), so an outage costs no caller more than one deadline.
public final class LanguageModelRouter: Sendable {
    public struct Settings: Sendable, Equatable {
        /// The model's stated confidence that decides.
        public var threshold: Double = 0.7
        /// Examples per intent in the prompt.
        public var examplesPerIntent = 3
        /// The most a turn waits for the answer.
        public var deadline: Duration = .milliseconds(1200)
        /// Failures in a row that open the breaker, and how long it stays open.
        public var failuresToOpen = 3
        public var openFor: Duration = .seconds(30)

        public init() {}
    }

    /// What the model said about one turn.
    public enum Verdict: Sendable, Equatable {
        /// `slots`: values the model read for the intent's slots, in the caller's words or plain
        /// forms ("2026-12-07", "14:30"); the session uses them only where the caller's own words
        /// gave none.
        case decided(intent: String, confidence: Double, slots: [String: String] = [:])
        /// It answered, but not an intent, or not sure enough.
        case unsure(String)
        /// It could not be asked, or did not answer in time.
        case failed(String)
    }

    public let client: LLMClient
    public let settings: Settings
    private let breaker: CircuitBreaker

    public init(client: LLMClient, settings: Settings = Settings()) {
        var configuration = client.configuration
        configuration.deadlines.firstByte = min(configuration.deadlines.firstByte, settings.deadline)
        configuration.deadlines.total = min(configuration.deadlines.total, settings.deadline)
        configuration.retries = 0  // no time for a second try inside a caller's turn
        self.client = LLMClient(configuration)
        self.settings = settings
        self.breaker = CircuitBreaker(failuresToOpen: settings.failuresToOpen, openFor: settings.openFor)
    }

    /// Whether the breaker is open (the model is skipped until it closes).
    public var isOpen: Bool { breaker.isOpen }

    /// Asks which of `intents` the caller means by `utterance` (`lastQuestion`: what the agent
    /// just asked, if anything).
    public func route(_ utterance: String, lastQuestion: String?, intents: [RegisteredIntent]) async -> Verdict {
        guard !isOpen else { return .failed("the language model is resting after repeated failures") }
        let names = intents.filter { !$0.isEscalationTarget }.map(\.name).sorted()
        guard !names.isEmpty else { return .unsure("no intents") }
        var request = ChatRequest(messages: [
            .system(Self.prompt(intents: intents.filter { !$0.isEscalationTarget }, examplesPerIntent: settings.examplesPerIntent)),
            .user((lastQuestion.map { "The agent just asked: \"\($0)\"\n" } ?? "") + "The caller said: \"\(utterance)\""),
        ])
        request.temperature = 0
        request.maxTokens = 60
        let slotNames = Set(intents.filter { !$0.isEscalationTarget }.flatMap { $0.slots.filter { $0.kind != .yesNo }.map(\.name) }).sorted()
        request.responseSchema = ("intent", Self.schema(names, slots: slotNames))
        let started = ContinuousClock.now
        let reply: ChatCompletion
        let asked = request
        do {
            reply = try await withDeadline(settings.deadline) { try await self.client.complete(asked) }
        } catch {
            breaker.failed()
            return .failed("\(error) after \(ContinuousClock.now - started)")
        }
        breaker.succeeded()
        guard let data = Self.jsonObject(in: reply.content),
              let intent = data["intent"] as? String else { return .unsure("not the schema: \(reply.content.prefix(200))") }
        let confidence = (data["confidence"] as? Double) ?? (data["confidence"] as? Int).map(Double.init) ?? 0
        guard names.contains(intent) else { return .unsure("intent \(intent)") }
        guard confidence >= settings.threshold else { return .unsure("\(intent) at \(confidence)") }
        return .decided(intent: intent, confidence: confidence, slots: Self.slots(in: data, of: intents.first { $0.name == intent }))
    }

    /// The slot values of the answer that belong to `intent` (known name, not yes/no, a short
    /// non-empty string); anything else is dropped.
    static func slots(in answer: [String: Any], of intent: RegisteredIntent?) -> [String: String] {
        guard let intent, let pairs = answer["slots"] as? [[String: Any]] else { return [:] }
        var result: [String: String] = [:]
        for pair in pairs {
            guard let name = pair["name"] as? String, let value = (pair["value"] as? String)?.trimmingCharacters(in: .whitespaces),
                  !value.isEmpty, value.count <= 100,
                  let slot = intent.slots.first(where: { $0.name == name }), slot.kind != .yesNo else { continue }
            result[name] = value
        }
        return result
    }

    /// The stable part of the prompt: the same for every turn while the plugins stay the same.
    static func prompt(intents: [RegisteredIntent], examplesPerIntent: Int) -> String {
        var lines = [
            "You route what a caller said on the phone to one of a business's skills.",
            "Answer with JSON: the intent's name, or \"none\" when no skill fits; the values the caller gave for its slots",
            "(name and value, only those said; dates as YYYY-MM-DD, times as HH:MM); and your confidence from 0 to 1.",
            "Skills:",
        ]
        for intent in intents.sorted(by: { $0.name < $1.name }) {
            let examples = intent.examples.prefix(examplesPerIntent).map { "\"\($0)\"" }.joined(separator: ", ")
            let slots = intent.slots.filter { $0.kind != .yesNo }.map { "\($0.name) (\($0.kind.rawValue))" }
            lines.append("- \(intent.name): \(intent.description). For example: \(examples)"
                         + (slots.isEmpty ? "" : ". Slots: " + slots.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n")
    }

    /// `{intent, slots, confidence}`, strict: the intent one of `names` or "none"; slots a list of
    /// `{name, value}` with the name one of `slots`.
    static func schema(_ names: [String], slots: [String] = []) -> String {
        let values = (names + ["none"]).map { "\"\($0)\"" }.joined(separator: ",")
        let slotNames = (slots.isEmpty ? ["none"] : slots).map { "\"\($0)\"" }.joined(separator: ",")
        let slotItem = #"{"type":"object","properties":{"name":{"type":"string","enum":[\#(slotNames)]},"value":{"type":"string"}},"required":["name","value"],"additionalProperties":false}"#
        return #"{"type":"object","properties":{"intent":{"type":"string","enum":[\#(values)]},"slots":{"type":"array","items":\#(slotItem)},"confidence":{"type":"number"}},"required":["intent","slots","confidence"],"additionalProperties":false}"#
    }

    /// The first JSON object in `text` (small models wrap it in prose or code fences).
    static func jsonObject(in text: String) -> [String: Any]? {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text[start...end].utf8))) as? [String: Any]
    }
}

/// Runs `body`, or gives up after `deadline` (cancelling it).
func withDeadline<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: deadline)
            throw LLMError.timeout("no answer within \(deadline)")
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw LLMError.timeout("no answer") }
        return first
    }
}
