/// Splits reply text into sentences so the first can be spoken while the rest is synthesised.
///
/// A sentence ends at `.`, `?`, `!` or `…` followed by white space and not inside an abbreviation
/// ("Dr. Lee", "e.g. this", "Dec. 3", "no. 5", "J. Smith"), a number ("$42.50", "3.5") or a time
/// followed by more of the same sentence ("3:30 p.m. tomorrow"); a blank line ends one too.
/// A sentence longer than `maxLength` characters is cut at its last clause break (`,` `;` `:` `—`)
/// before the limit, so a long sentence does not delay the first audio.
///
/// It works on whole texts and on text arriving in pieces (a reply being generated):
///
/// ```swift
/// SentenceChunker.split("Dr. Lee can see you at 3:30 P.M. Shall I book it?")
/// // ["Dr. Lee can see you at 3:30 P.M.", "Shall I book it?"]
///
/// var chunker = SentenceChunker()
/// chunker.append("Your total is $42.")   // [] — "$42.50" or the end of a sentence?
/// chunker.append("50. Anything else")    // ["Your total is $42.50."]
/// chunker.finish()                       // ["Anything else"]
/// ```
public struct SentenceChunker: Sendable {
    /// The length in characters beyond which a sentence is cut at a clause break.
    public let maxLength: Int
    private var pending: [Character] = []

    /// A chunker that cuts sentences longer than `maxLength` characters (at least 40).
    public init(maxLength: Int = 160) {
        self.maxLength = max(40, maxLength)
    }

    /// The sentences of `text`, trimmed, without empty ones.
    public static func split(_ text: String, maxLength: Int = 160) -> [String] {
        var chunker = SentenceChunker(maxLength: maxLength)
        return chunker.append(text) + chunker.finish()
    }

    /// Adds text and returns the sentences it completed. A sentence is complete once the first
    /// character after its end is known, so the last one waits for more text or ``finish()``.
    public mutating func append(_ text: String) -> [String] {
        pending.append(contentsOf: text)
        return drain(final: false)
    }

    /// Returns everything still held, as sentences, and empties the chunker.
    public mutating func finish() -> [String] {
        drain(final: true)
    }

    // MARK: - Scanning

    private static let terminators: Set<Character> = [".", "?", "!", "…"]
    private static let closers: Set<Character> = ["\"", "'", ")", "]", "”", "’"]
    private static let openers: Set<Character> = ["\"", "'", "(", "[", "“", "‘"]
    /// Abbreviations that never end a sentence.
    private static let titles: Set<String> = [
        "dr", "mr", "mrs", "ms", "mx", "prof", "st", "mt", "rev", "fr", "sr", "jr", "capt", "lt", "sgt", "col",
        "gen", "gov", "sen", "rep", "e.g", "i.e", "cf", "vs", "approx", "viz",
    ]
    /// Abbreviations that do not end a sentence when a number follows ("no. 5", "Dec. 3", "ext. 12").
    private static let beforeNumbers: Set<String> = [
        "no", "nos", "ext", "apt", "ste", "tel", "ph", "fig", "vol", "pg", "p", "pp", "rm", "bldg", "flt",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    private mutating func drain(final: Bool) -> [String] {
        var sentences: [String] = []
        var start = 0
        var index = 0
        scan: while index < pending.count {
            let character = pending[index]
            if character == "\n" {
                var next = index + 1
                while next < pending.count, pending[next] == " " || pending[next] == "\t" || pending[next] == "\r" { next += 1 }
                if next < pending.count, pending[next] == "\n" {
                    sentences += emit(start..<index)
                    start = next + 1
                    index = next + 1
                    continue
                }
                index += 1
                continue
            }
            guard Self.terminators.contains(character) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < pending.count, Self.terminators.contains(pending[end]) || Self.closers.contains(pending[end]) { end += 1 }
            var next = end
            while next < pending.count, pending[next].isWhitespace { next += 1 }
            if next == pending.count {
                // What follows is not known yet: this is an end only if the text is complete.
                guard final else { break scan }
                sentences += emit(start..<end)
                start = next
                break scan
            }
            if next > end, isSentenceEnd(at: index, runEnd: end, next: pending[next], from: start) {
                sentences += emit(start..<end)
                start = next
            }
            index = next > end ? next : end
        }
        pending.removeFirst(start)
        if final {
            sentences += emit(0..<pending.count)
            pending.removeAll()
        } else if pending.count > maxLength, let cut = clauseBreak(in: 0..<pending.count) {
            // A long sentence still being written: send its finished clauses ahead.
            sentences += emit(0..<cut)
            pending.removeFirst(cut)
        }
        return sentences
    }

    /// Whether the terminator run `index..<runEnd`, followed by white space and `next`, ends a
    /// sentence that began at `start`.
    private func isSentenceEnd(at index: Int, runEnd: Int, next: Character, from start: Int) -> Bool {
        let run = pending[index..<runEnd]
        if run.contains(where: { $0 != "." && Self.terminators.contains($0) }) { return true }
        if run.count > 1, run.allSatisfy({ $0 == "." }) { return next.isUppercase || next.isNumber }  // "..."
        if next.isLowercase { return false }
        var wordStart = index
        while wordStart > start, !pending[wordStart - 1].isWhitespace { wordStart -= 1 }
        var word = String(pending[wordStart..<index]).lowercased()
        while let first = word.first, Self.openers.contains(first) { word.removeFirst() }
        if Self.titles.contains(word) { return false }
        if next.isNumber, Self.beforeNumbers.contains(word) { return false }
        // An initial before a name: "J. Smith".
        if word.count == 1, word.first!.isLetter, next.isUppercase { return false }
        return true
    }

    /// The sentences in `range` of the pending text: trimmed, cut to `maxLength`, none empty.
    private func emit(_ range: Range<Int>) -> [String] {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, pending[lower].isWhitespace { lower += 1 }
        while upper > lower, pending[upper - 1].isWhitespace { upper -= 1 }
        var pieces: [String] = []
        while upper - lower > maxLength, let cut = clauseBreak(in: lower..<upper) {
            pieces.append(Self.trimmed(pending[lower..<cut]))
            lower = cut
            while lower < upper, pending[lower].isWhitespace { lower += 1 }
        }
        if lower < upper { pieces.append(Self.trimmed(pending[lower..<upper])) }
        return pieces.filter { !$0.isEmpty }
    }

    /// Where to cut a long stretch: just after the last clause break (`,` `;` `:` `—` and a space)
    /// within `maxLength` of the start and past a third of it, else after the last space.
    private func clauseBreak(in range: Range<Int>) -> Int? {
        let limit = min(range.upperBound, range.lowerBound + maxLength)
        let floor = range.lowerBound + maxLength / 3
        var position = limit - 1
        var lastSpace: Int?
        while position > floor {
            if pending[position].isWhitespace {
                if [",", ";", ":", "—", "–"].contains(pending[position - 1]) { return position }
                if lastSpace == nil { lastSpace = position }
            }
            position -= 1
        }
        return lastSpace
    }

    private static func trimmed(_ characters: ArraySlice<Character>) -> String {
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(characters[first...last])
    }
}
