import Embeddings
import Foundation
import PluginHost

/// What `smartdesk plugins check` says about a plugin's intents beside the others loaded: phrases
/// that carry a value (a caller's own value scores lower), phrases far from the rest of their
/// intent, phrases and intents that overlap another plugin's, descriptions a caller could not
/// tell apart, and slots without a question.
struct PhraseReview {
    /// The fast path's plain rule (`[agent] threshold`); the calibrated decision is stricter for
    /// acting intents, so a phrase below it is asked about, not served at once.
    var threshold: Float = 0.85
    /// Two phrases this close in different intents are, to the host, the same request.
    var overlap: Float = 0.9
    /// A phrase this far from every other phrase of its intent covers a way of asking alone.
    var isolated: Float = 0.5

    struct Finding: Equatable {
        enum Kind: String { case value, isolated, overlap, description, question }
        var kind: Kind
        var intent: String
        var message: String
    }

    func review(plugin: String, registry: Registry, embed: ([String]) async throws -> [[Float]]) async throws -> [Finding] {
        let all = registry.intents.values.sorted { $0.name < $1.name }
        let own = all.filter { $0.plugin == plugin }
        let others = all.filter { $0.plugin != plugin }
        var findings: [Finding] = []

        for intent in own {
            for slot in intent.slots where slot.question.trimmingCharacters(in: .whitespaces).isEmpty {
                findings.append(Finding(kind: .question, intent: intent.name, message: "slot \(slot.name) has no question: a caller would be asked nothing"))
            }
            for other in others where other.description.lowercased() == intent.description.lowercased() {
                findings.append(Finding(
                    kind: .description, intent: intent.name,
                    message: "described like \(other.name) (plugin \(other.plugin)), \"\(intent.description)\": a caller cannot choose between them; say what is different"
                ))
            }
        }

        // Every phrase once, then the variants of phrases that carry digits (another caller's value).
        var texts = all.flatMap(\.examples)
        var owners = all.flatMap { intent in intent.examples.map { _ in intent.name } }
        var variants: [(intent: String, phrase: String, index: Int)] = []
        for intent in own {
            for phrase in intent.examples where phrase.contains(where: \.isNumber) {
                variants.append((intent.name, phrase, texts.count))
                texts.append(Self.otherValue(phrase))
                owners.append("")
            }
        }
        let vectors = try await embed(texts)
        func similarity(_ a: Int, _ b: Int) -> Float { VectorMath.cosine(vectors[a], vectors[b]) }
        let count = all.reduce(0) { $0 + $1.examples.count }

        for variant in variants {
            let best = (0..<count).filter { owners[$0] == variant.intent }.map { similarity(variant.index, $0) }.max() ?? 0
            if best < threshold {
                findings.append(Finding(
                    kind: .value, intent: variant.intent,
                    message: "\"\(variant.phrase)\" carries a value: a caller saying \"\(texts[variant.index])\" scores \(Self.format(best)), "
                        + "below the fast path's \(Self.format(threshold)); leave the value out and let a slot take it"
                ))
            }
        }
        for intent in own {
            let indices = (0..<count).filter { owners[$0] == intent.name }
            for index in indices where indices.count > 1 {
                let nearest = indices.filter { $0 != index }.map { similarity(index, $0) }.max() ?? 1
                if nearest < isolated {
                    findings.append(Finding(
                        kind: .isolated, intent: intent.name,
                        message: "\"\(texts[index])\" is far from the intent's other phrases (nearest \(Self.format(nearest))): add a few more ways of asking like it"
                    ))
                }
            }
            for other in others {
                var closest: (Float, Int, Int)?
                for index in indices {
                    for theirs in (0..<count) where owners[theirs] == other.name {
                        let score = similarity(index, theirs)
                        if score >= overlap, score > closest?.0 ?? 0 { closest = (score, index, theirs) }
                    }
                }
                if let (score, mine, theirs) = closest {
                    findings.append(Finding(
                        kind: .overlap, intent: intent.name,
                        message: "overlaps \(other.name) (plugin \(other.plugin)): \"\(texts[mine])\" and \"\(texts[theirs])\" score \(Self.format(score)); "
                            + "callers will be asked which they meant"
                    ))
                }
            }
        }
        return findings
    }

    /// The phrase with every digit changed (another order number, another time).
    static func otherValue(_ phrase: String) -> String {
        String(phrase.map { character in
            guard let digit = character.wholeNumberValue, character.isASCII else { return character }
            return Character(String((digit + 5) % 10))
        })
    }

    static func format(_ value: Float) -> String { String(format: "%.2f", value) }
}
