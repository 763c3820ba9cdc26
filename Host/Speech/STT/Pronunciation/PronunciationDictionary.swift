import Foundation

/// Pronunciations for a vocabulary: the entries of a CMU-style dictionary file (every variant,
/// `word(2)` included), then Flite's letter-to-sound rules for the words it lacks.
struct PronunciationDictionary: Sendable {
    /// Dictionary lines (`word PHONES`, `word(2) PHONES`), in vocabulary order.
    var lines: [String]
    /// Words the dictionary lacked, with the pronunciation letter-to-sound gave them.
    var guessed: [String: String]
    /// Words nobody could pronounce (no letters, or phones the acoustic model does not have).
    var unpronounceable: [String]

    /// Looks up `vocabulary` in the dictionary at `path`.
    init(vocabulary: Set<String>, dictionaryPath path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpeechRecognitionError.modelMissing(path: path)
        }
        var found: [String: [String]] = [:]
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            let buffer = bytes.bindMemory(to: UInt8.self)
            var lineStart = 0
            while lineStart < buffer.count {
                var lineEnd = lineStart
                var headEnd = -1, variantStart = -1
                while lineEnd < buffer.count && buffer[lineEnd] != 0x0A {
                    let byte = buffer[lineEnd]
                    if headEnd < 0 {
                        if byte == 0x20 || byte == 0x09 { headEnd = lineEnd } else if byte == 0x28 { variantStart = lineEnd }
                    }
                    lineEnd += 1
                }
                if headEnd > lineStart {
                    let wordEnd = variantStart > lineStart ? variantStart : headEnd
                    let word = String(decoding: UnsafeBufferPointer(rebasing: buffer[lineStart..<wordEnd]), as: UTF8.self)
                    if vocabulary.contains(word) {
                        found[word, default: []].append(String(decoding: UnsafeBufferPointer(rebasing: buffer[lineStart..<lineEnd]), as: UTF8.self))
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        var lines: [String] = [], guessed: [String: String] = [:], unpronounceable: [String] = []
        for word in vocabulary.sorted() {
            if let entries = found[word] {
                lines += entries
            } else if let phones = LetterToSound.phones(for: word) {
                guessed[word] = phones
                lines.append("\(word) \(phones)")
            } else {
                unpronounceable.append(word)
            }
        }
        self.lines = lines
        self.guessed = guessed
        self.unpronounceable = unpronounceable
    }

    /// The dictionary file's text.
    var text: String { lines.joined(separator: "\n") + "\n" }
}
