import Foundation

/// One line of an evaluation file: `{"text": …, "intent": …}`.
public struct LabeledUtterance: Sendable, Equatable, Codable {
    public let text: String
    public let intent: String

    public init(text: String, intent: String) {
        self.text = text
        self.intent = intent
    }

    /// The label that marks a test utterance as out of scope.
    public static let outOfScope = "oos"

    /// Reads a JSONL file; blank lines are skipped, anything else that is not such an object is an
    /// error naming the file and line.
    public static func load(_ url: URL) throws -> [LabeledUtterance] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CLIError("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("\(url.path) is not UTF-8 text")
        }
        let decoder = JSONDecoder()
        var result: [LabeledUtterance] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                let item = try decoder.decode(LabeledUtterance.self, from: Data(trimmed.utf8))
                guard !item.intent.isEmpty else { throw CLIError("empty intent") }
                result.append(item)
            } catch {
                throw CLIError("\(url.path):\(number + 1): expected {\"text\": …, \"intent\": …}: \(Self.reason(error))")
            }
        }
        if result.isEmpty { throw CLIError("\(url.path) holds no utterances") }
        return result
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context): return context.debugDescription
        case DecodingError.dataCorrupted: return "not valid JSON"
        default: return "\(error)"
        }
    }
}
