/// A fact about the business the FAQ skill knows how callers ask about: its setting key, the
/// intent it registers when the operator has given the fact, and how the answer is worded.
struct FAQTopic: Sendable {
    /// The `[business]` key (reaching the plugin as its setting of the same name).
    let key: String
    /// What the caller wants, as a clarifying question names it ("do you want to hear about parking?").
    let description: String
    let examples: [String]
    /// The spoken answer for the operator's text.
    let answer: @Sendable (String) -> String

    var intent: String { "faq.\(key)" }

    static let all: [FAQTopic] = [
        FAQTopic(key: "address", description: "hear our address", examples: FAQExamples.address) { "We're at \(FAQText.sentence($0))" },
        FAQTopic(key: "directions", description: "get directions to us", examples: FAQExamples.directions) { FAQText.sentence($0) },
        FAQTopic(key: "parking", description: "hear about parking", examples: FAQExamples.parking) { FAQText.sentence($0) },
        FAQTopic(key: "insurance", description: "check which insurance we accept", examples: FAQExamples.insurance) { FAQText.sentence($0) },
        FAQTopic(key: "phone", description: "hear our phone number", examples: FAQExamples.phone) { "Our number is \(FAQText.sentence($0))" },
        FAQTopic(key: "email", description: "hear our email address", examples: FAQExamples.email) { "You can email us at \(FAQText.sentence($0))" },
        FAQTopic(key: "website", description: "hear our website address", examples: FAQExamples.website) { "Our website is \(FAQText.sentence($0))" },
        FAQTopic(key: "name", description: "hear who you've called", examples: FAQExamples.name) { "You've reached \(FAQText.sentence($0))" },
    ]
}

/// Small text helpers for answers written by an operator.
enum FAQText {
    /// `text` trimmed, ending in a full stop unless it already ends a sentence.
    static func sentence(_ text: String) -> String {
        var result = Substring(text).drop { $0.isWhitespace }
        while result.last?.isWhitespace == true { result = result.dropLast() }
        guard let last = result.last else { return "" }
        return ".!?".contains(last) ? String(result) : result + "."
    }
}
