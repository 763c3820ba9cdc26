import Core
import Foundation
import LLM
import Core

/// Puts a skill's facts into words with the language model: a handler that calls
/// `defer_to_llm` hands over facts (JSON) instead of a sentence, and the caller hears one or two
/// short spoken sentences built from those facts alone. Without an answer in time the agent says
/// what it said before there was a model (the facts are never read out raw).
public struct AnswerComposer: Sendable {
    public let client: LLMClient
    public var deadline: Duration
    /// Who the agent is, for the prompt ("Brightside Dental").
    public var business: String?
    /// What is known of the business (the `[business]` profile as JSON), for questions no skill covers.
    public var profile: String?
    /// Requests to the model for one answer: tool rounds, then the words (the last must answer).
    public var toolSteps = 4
    /// The whole of an answer that may call tools (each step is a request to the model); an
    /// answer without tools has ``deadline``.
    public var toolDeadline: Duration = .seconds(4)
    /// Said on a voice call when no sentence of the answer has come after ``holdingDelay``
    /// (`nil`: never).
    public var holdingPhrase: String? = "Let me check that."
    public var holdingDelay: Duration = .milliseconds(800)
    /// A request to the model that has not begun to answer after this is given up (the turn is
    /// answered without it), whatever the overall deadline.
    public var firstTokenDeadline: Duration = .milliseconds(1200)
    /// After repeated failures the model is not asked for a while, so an outage costs no caller
    /// more than one first-token deadline.
    let breaker = CircuitBreaker()

    /// What the model says when the facts do not answer the question.
    static let unknown = "UNKNOWN"

    public init(client: LLMClient, deadline: Duration = .milliseconds(1500), business: String? = nil, profile: String? = nil) {
        self.client = client
        self.deadline = deadline
        self.business = business
        self.profile = profile
    }

    /// One or two sentences answering `question` from `facts`, or `nil` when the facts do not
    /// answer it or none came in time.
    public func answer(facts: String, question: String) async -> String? {
        await answer(facts: facts, question: question, speak: nil).text
    }

    /// The same, and with `speak` the sentences go out as the model writes them (and the
    /// holding phrase when the first is late); the answer says what went out that way.
    public func answer(facts: String, question: String, speak: SentenceSink?) async -> ComposedAnswer {
        var request = ChatRequest(messages: [
            .system([
                "You are the phone receptionist\(business.map { " of \($0)" } ?? ""). Answer the caller in one or two short,",
                "plain sentences that will be spoken aloud: no lists, no markup, no numbers as digits you would not say.",
                "Use only the facts given; if they do not answer the question, reply with the single word \(Self.unknown).",
            ].joined(separator: " ")),
            .user("Facts (JSON): \(facts)\nThe caller asked: \"\(question)\""),
        ])
        request.temperature = 0.2
        request.maxTokens = 120
        guard !breaker.isOpen else { return ComposedAnswer(text: nil, exchanges: [], steps: 0) }
        let progress = Progress(sink: speak)
        let holding = holdingTimer(speak, progress)
        let asked = request
        let text = await guarded(total: deadline, progress: progress) { [self] in try await spokenReply(asked, progress: progress) }
        holding?.cancel()
        return progress.finish(text: text ?? nil)
    }

    /// Runs `body` within `total`, giving up as soon as a request of it has waited
    /// ``firstTokenDeadline`` for its first piece; the breaker counts the outcome. `nil` when it
    /// failed; the body's own `nil` (the model had no answer) is a success.
    func guarded(total: Duration, progress: Progress, _ body: @escaping @Sendable () async throws -> String?) async -> String?? {
        let firstToken = firstTokenDeadline
        do {
            let text = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    let clock = ContinuousClock()
                    let end = clock.now + total
                    while clock.now < end {
                        try await Task.sleep(for: .milliseconds(25))
                        if let waited = progress.waiting, waited >= firstToken {
                            throw LLMError.timeout("no first token within \(firstToken)")
                        }
                    }
                    throw LLMError.timeout("no answer within \(total)")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw LLMError.timeout("no answer") }
                return first
            }
            breaker.succeeded()
            return .some(text)
        } catch {
            // A barge-in that ends the answer is no failure of the model's.
            if !Task.isCancelled { breaker.failed() }
            return nil
        }
    }

    /// A summary of a call's older turns (and the summary before them) for later prompts, at most
    /// 60 words; `nil` when the model gave none in time. Asked after a turn, off the caller's time.
    public func summarize(previous: String?, entries: [TranscriptEntry]) async -> String? {
        guard !entries.isEmpty, !breaker.isOpen else { return nil }
        let lines = entries.map { "\($0.speaker == .caller ? "Caller" : "Agent"): \($0.text)" }.joined(separator: "\n")
        var request = ChatRequest(messages: [
            .system("Summarise this part of a phone call to a receptionist in at most 60 words, in the third person: "
                    + "what the caller wanted, what was done or is still open, with dates, times and amounts. Never include card numbers."),
            .user((previous.map { "Summary so far: \($0)\n" } ?? "") + "Then:\n" + lines),
        ])
        request.temperature = 0
        request.maxTokens = 120
        let progress = Progress(sink: nil)
        let asked = request
        let text = await guarded(total: toolDeadline, progress: progress) { [self] in
            let reply = try await exchange(asked, progress: progress).reply
            let words = reply.content.trimmingCharacters(in: .whitespacesAndNewlines)
            return words.isEmpty ? nil : words
        }
        return text ?? nil
    }

    /// Starts the holding phrase's timer when there is somewhere to say it.
    func holdingTimer(_ speak: SentenceSink?, _ progress: Progress) -> Task<Void, any Error>? {
        guard speak != nil, let phrase = holdingPhrase else { return nil }
        return Task { [holdingDelay] in
            try await Task.sleep(for: holdingDelay)
            progress.hold(phrase)
        }
    }

    /// Runs `request`, handing each sentence to `progress` as it is completed (none once a tool
    /// call starts); returns the reply, with its words as they may be spoken (`nil`: none).
    func spokenReply(_ request: ChatRequest, progress: Progress) async throws -> String? {
        try await exchange(request, progress: progress).spoken
    }

    func exchange(_ request: ChatRequest, progress: Progress) async throws -> (reply: ChatCompletion, spoken: String?) {
        var chunker = SentenceChunker()
        var callsTools = false
        progress.sent()
        let reply = try await client.complete(request) { event in
            progress.heard()
            switch event {
            case .toolCallStarted: callsTools = true
            case .content(let text) where !callsTools: progress.said(chunker.append(text))
            default: break
            }
        }
        if reply.toolCalls.isEmpty { progress.said(chunker.finish()) }
        return (reply, Self.spoken(reply.content))
    }
}
