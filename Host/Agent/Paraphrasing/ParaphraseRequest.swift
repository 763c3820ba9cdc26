import Foundation
import LLM

/// Asks a language model for new ways a caller might say one intent, and reads its reply.
///
/// The reply is plain lines, one paraphrase each: small local models follow that far more
/// reliably than a JSON schema, and a line that is not a paraphrase ("Here are ten ways:") is
/// dropped here or by the ``ParaphraseFilter`` that every candidate goes through afterwards.
public struct ParaphraseRequest: Sendable, Equatable {
    public let intent: String
    public let description: String
    public let examples: [String]
    /// How many paraphrases to ask for.
    public let count: Int

    public init(intent: String, description: String, examples: [String], count: Int) {
        self.intent = intent
        self.description = description
        self.examples = examples
        self.count = count
    }

    /// The examples shown to the model: enough to show the range, few enough to keep it short.
    static let shownExamples = 15

    public var chat: ChatRequest {
        let shown = examples.prefix(Self.shownExamples).map { "- \($0)" }.joined(separator: "\n")
        var request = ChatRequest(messages: [
            ChatMessage(role: .system, content: """
            You help a phone agent understand callers. You write what callers say, in everyday \
            spoken English: short, casual, sometimes indirect, with the words real people use. \
            Reply with the sentences only, one per line, no numbering, no quotes, no comments.
            """),
            ChatMessage(role: .user, content: """
            Callers with this request: \(description.isEmpty ? intent : description)
            say things like:
            \(shown)

            Write \(count) other things such a caller might say for this same request, each \
            different from the ones above and from each other in wording. Do not change what \
            they are asking for.
            """),
        ])
        request.temperature = 0.8
        request.maxTokens = 40 * count + 40
        return request
    }

    /// The paraphrases in `reply`: list markers and quotes stripped, headings and overlong lines
    /// dropped, and each said once (examples included), compared without case or punctuation.
    public func candidates(in reply: String) -> [String] {
        var seen = Set(examples.map(Self.key))
        var result: [String] = []
        for raw in reply.split(whereSeparator: \.isNewline) {
            let line = Self.clean(String(raw))
            let words = line.split(separator: " ").count
            guard words >= 1, words <= 30, !line.hasSuffix(":") else { continue }
            let key = Self.key(line)
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            result.append(line)
            if result.count == count { break }
        }
        return result
    }

    /// `line` without a list marker ("-", "*", "•", "3.", "3)") or surrounding quotes.
    static func clean(_ line: String) -> String {
        var text = Substring(line.trimmingCharacters(in: .whitespaces))
        if let first = text.first, "-*•".contains(first) { text = text.dropFirst() }
        let digits = text.prefix { $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, let next = text.dropFirst(digits.count).first, ".)".contains(next) {
            text = text.dropFirst(digits.count + 1)
        }
        var cleaned = text.trimmingCharacters(in: .whitespaces)
        let quotes: Set<Character> = ["\"", "'", "“", "”", "‘", "’"]
        while let first = cleaned.first, let last = cleaned.last, cleaned.count >= 2, quotes.contains(first), quotes.contains(last) {
            cleaned = String(cleaned.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
        }
        return cleaned.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Lower-cased letters, digits and single spaces: what tells two lines apart.
    static func key(_ line: String) -> String {
        line.lowercased().unicodeScalars
            .map { CharacterSet.alphanumerics.contains($0) ? String($0) : " " }
            .joined().split(separator: " ").joined(separator: " ")
    }
}
