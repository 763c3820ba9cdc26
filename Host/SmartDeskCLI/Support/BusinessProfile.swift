import Foundation
import TOMLKit

/// `[business]` in `smartdesk.toml`: what callers ask about the business beyond the skills — where
/// it is, how to get there, parking, insurance — and any question-and-answer entries of the
/// operator's own. The bundled FAQ skill answers from it (it reaches the skill as its settings).
struct BusinessProfile: Equatable {
    /// The facts with questions the FAQ skill already knows how callers ask.
    static let facts = ["name", "address", "directions", "parking", "insurance", "phone", "email", "website"]

    struct Entry: Equatable, Codable {
        var answer: String
        var questions: [String]
    }

    var facts: [String: String] = [:]
    var entries: [Entry] = []

    init(facts: [String: String] = [:], entries: [Entry] = []) {
        self.facts = facts
        self.entries = entries
    }

    init(_ table: TOMLTable, file: String) throws {
        for key in table.keys {
            if key == "faq" {
                guard let array = table[key]?.array else { throw CLIError("\(file): business.faq must be written [[business.faq]]") }
                for (index, element) in array.enumerated() {
                    let place = "business.faq[\(index + 1)]"
                    guard let entry = element.table else { throw CLIError("\(file): \(place) must be a table") }
                    for name in entry.keys where name != "answer" && name != "questions" {
                        throw CLIError("\(file): unknown key \(place).\(name) (known: answer, questions)")
                    }
                    guard let answer = entry["answer"]?.string, !answer.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw CLIError("\(file): \(place) needs answer = \"what the agent says\"")
                    }
                    let questions = (entry["questions"]?.array ?? []).compactMap { $0.string }
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    guard !questions.isEmpty, questions.count == entry["questions"]?.array?.count else {
                        throw CLIError("\(file): \(place) needs questions = [\"how callers ask it\", …] (strings)")
                    }
                    entries.append(Entry(answer: answer, questions: questions))
                }
                continue
            }
            guard Self.facts.contains(key) else {
                throw CLIError("\(file): unknown key business.\(key) (known: \(Self.facts.joined(separator: ", ")), and [[business.faq]])")
            }
            guard let text = table[key]?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CLIError("\(file): business.\(key) must be a non-empty string")
            }
            facts[key] = text
        }
    }

    /// The whole profile as JSON (facts, and the question-and-answer entries), for the language
    /// model to answer open questions from.
    var json: String? {
        struct Whole: Encodable {
            var facts: [String: String]
            var faq: [Entry]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(Whole(facts: facts, faq: entries))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Sentences for the recogniser's domain model: the facts as written and the operator's
    /// questions, so that a caller asking about them by voice is heard in the business's own words
    /// (the language model answers from the same profile).
    var recognizerPhrases: [String] {
        facts.keys.sorted().compactMap { facts[$0] } + entries.flatMap { [$0.answer] + $0.questions }
    }

    /// The FAQ skill's settings: one per fact, and the entries as JSON under `entries`.
    var settings: [String: String] {
        var result = facts
        // Sorted keys: the same file gives the same text (a reload compares settings to decide
        // whether the skill is reconfigured; found by scripts/fuzz.sh config).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if !entries.isEmpty, let data = try? encoder.encode(entries) {
            result["entries"] = String(decoding: data, as: UTF8.self)
        }
        return result
    }
}
