import Core
import Foundation
import LLM

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
        let client = self.client
        let asked = request
        guard let reply = try? await withDeadline(deadline, { try await client.complete(asked) }) else { return nil }
        let text = reply.content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains("{"), !text.uppercased().contains(Self.unknown) else { return nil }
        return text
    }
}
