import Foundation

/// Example phrases the agent learned from calls: what a caller said when a clarifying question
/// had to settle what they wanted, under the intent they confirmed. They join the plugins'
/// examples in the index, so the next caller who says it that way is understood at once.
///
/// A value type with the rules and no I/O (``LearnedExampleStore`` persists it): texts are
/// normalised and deduplicated, each intent keeps at most ``capPerIntent`` (the oldest goes
/// first), and a text that could carry a caller's data (digits, an e-mail address, a long
/// ramble) is never kept.
///
/// ```swift
/// var book = LearnedExamples(capPerIntent: 50)
/// book.add(intent: "billing.pay", text: "put something towards my bill", at: now)  // true
/// book.add(intent: "billing.pay", text: "Put something towards my bill.", at: now)  // false: the same
/// ```
public struct LearnedExamples: Sendable, Equatable, Codable {
    public struct Example: Sendable, Equatable, Codable, Hashable {
        public let intent: String
        public let text: String
        public let learnedAt: Date

        public init(intent: String, text: String, learnedAt: Date) {
            self.intent = intent
            self.text = text
            self.learnedAt = learnedAt
        }
    }

    public static let defaultCapPerIntent = 50
    /// Longer utterances are not learned: they tend to carry more than the request.
    public static let maxWords = 16

    public private(set) var examples: [Example] = []
    public var capPerIntent: Int

    public init(capPerIntent: Int = Self.defaultCapPerIntent, examples: [Example] = []) {
        precondition(capPerIntent > 0, "the cap must be positive")
        self.capPerIntent = capPerIntent
        for example in examples { add(intent: example.intent, text: example.text, at: example.learnedAt) }
    }

    /// Lower case, words only, single spaces: "Um, put 'something' towards my bill." →
    /// "um put 'something' towards my bill".
    public static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).joined(separator: " ")
    }

    /// Why `text` may not be learned, or `nil` when it may.
    public static func refusal(_ text: String) -> String? {
        if text.contains(where: \.isNumber) { return "it holds digits" }
        let words = normalized(text).split(separator: " ")
        if words.isEmpty { return "it holds no words" }
        if words.count > maxWords { return "it is longer than \(maxWords) words" }
        if text.contains("@") || (words.contains("at") && words.contains("dot")) { return "it may hold an e-mail address" }
        return nil
    }

    /// Adds an example; false when it was refused or is already known (for any intent: a text
    /// confirmed for two intents is no evidence for either, so the earlier one stays).
    @discardableResult
    public mutating func add(intent: String, text: String, at date: Date) -> Bool {
        guard Self.refusal(text) == nil else { return false }
        let normal = Self.normalized(text)
        guard !examples.contains(where: { $0.text == normal }) else { return false }
        examples.append(Example(intent: intent, text: normal, learnedAt: date))
        let ofIntent = examples.indices.filter { examples[$0].intent == intent }
        if ofIntent.count > capPerIntent { examples.remove(at: ofIntent[0]) }
        return true
    }

    /// Removes the example of `intent` whose text normalises like `text`; false when none.
    @discardableResult
    public mutating func remove(intent: String, text: String) -> Bool {
        let normal = Self.normalized(text)
        guard let index = examples.firstIndex(where: { $0.intent == intent && $0.text == normal }) else { return false }
        examples.remove(at: index)
        return true
    }

    /// Removes every example of `intent`; returns how many.
    @discardableResult
    public mutating func removeAll(intent: String) -> Int {
        let before = examples.count
        examples.removeAll { $0.intent == intent }
        return before - examples.count
    }
}
