/// Turns written text into the word forms of the pronunciation dictionary: lower case, numbers
/// spelled out the way they are said, punctuation stripped.
///
/// ```swift
/// TranscriptNormalizer.words(in: "Book me in at 3:30pm on the 3rd, please!")
/// // ["book", "me", "in", "at", "three", "thirty", "p.m.", "on", "the", "third", "please"]
/// ```
///
/// The same rules serve the language model's phrases and the references a word error rate is
/// measured against, so both sides spell "10" and "ten" alike.
public enum TranscriptNormalizer {
    /// The words of `text`, in order.
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var previousWasNumber = false
        for raw in text.lowercased().split(whereSeparator: \.isWhitespace) {
            let token = String(raw).replacingCurlyQuotes()
            let (expanded, isNumber) = expand(token, afterNumber: previousWasNumber)
            words += expanded
            if let last = expanded.last { previousWasNumber = isNumber || clockWords.contains(last) }
        }
        return words
    }

    /// The words of `text` joined by single spaces.
    public static func normalize(_ text: String) -> String {
        words(in: text).joined(separator: " ")
    }

    /// Words after which "am" and "pm" are times of day ("ten am" → "ten a.m.", "I am" stays).
    private static let clockWords = Set(SpokenNumberWords.ones[1...19] + SpokenNumberWords.tens[2...5] + ["o'clock"])

    // MARK: One whitespace-separated token

    private static let leadingJunk = Set("\"'([{<*_-")
    private static let trailingJunk = Set("\"'.,!?;:)]}>*_-")

    private static func expand(_ token: String, afterNumber: Bool) -> (words: [String], isNumber: Bool) {
        var text = Substring(token)
        while let first = text.first, leadingJunk.contains(first) { text = text.dropFirst() }
        // Keep the final dot of "a.m." and "p.m."; strip other trailing punctuation.
        while let last = text.last, trailingJunk.contains(last), !(text == "a.m." || text == "p.m.") {
            text = text.dropLast()
        }
        if text.isEmpty { return ([], false) }

        if let meridiem = meridiem(text) {
            return afterNumber ? ([meridiem], true) : (spell(text), false)
        }
        if text.contains("@") { return (email(text), false) }
        if text.first == "$" { return (money(text.dropFirst()), true) }
        if text.last == "%" { return (number(text.dropLast()) + ["percent"], true) }
        if text.first?.isDigit == true { return (numeric(text), true) }
        return (spell(text), false)
    }

    private static func meridiem(_ text: Substring) -> String? {
        switch text {
        case "am", "a.m", "a.m.": return "a.m."
        case "pm", "p.m", "p.m.": return "p.m."
        default: return nil
        }
    }

    /// Letters, digits and symbols in a word-like token: "covid19" → covid nineteen, "r&d" → r and d.
    private static func spell(_ text: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        var currentIsDigits = false
        func flush() {
            let trimmed = current.trimmingApostrophes()
            if !trimmed.isEmpty { words += currentIsDigits ? numeric(Substring(trimmed)) : [trimmed] }
            current = ""
        }
        for character in text {
            if character.isLetter || (character == "'" && !currentIsDigits) {
                if currentIsDigits { flush() }
                currentIsDigits = false
                current.append(character)
            } else if character.isDigit {
                if !currentIsDigits { flush() }
                currentIsDigits = true
                current.append(character)
            } else {
                flush()
                if let word = symbolWords[character] { words.append(word) }
            }
        }
        flush()
        return words
    }

    private static let symbolWords: [Character: String] = ["&": "and", "+": "plus", "@": "at", "#": "number", "%": "percent"]

    private static func email(_ text: Substring) -> [String] {
        text.split(separator: "@", omittingEmptySubsequences: false).map { part in
            part.split(separator: ".").map { spell($0) }.joined(separator: ["dot"]).map { $0 }
        }.joined(separator: ["at"]).map { $0 }
    }

    private static func money(_ text: Substring) -> [String] {
        let parts = text.filter { $0 != "," }.split(separator: ".", maxSplits: 1)
        guard let whole = parts.first, let dollars = Int(whole), dollars < 1_000_000_000 else { return spell(text) }
        var words = SpokenNumberWords.cardinal(dollars).words + [dollars == 1 ? "dollar" : "dollars"]
        if parts.count == 2, let cents = Int(parts[1].prefix(2)), cents > 0 {
            words += SpokenNumberWords.cardinal(cents).words + [cents == 1 ? "cent" : "cents"]
        }
        return words
    }

    private static func number(_ text: Substring) -> [String] {
        text.first?.isDigit == true ? numeric(text) : spell(text)
    }

    /// A token that starts with a digit: times, ordinals, decimals, phone numbers, plain numbers.
    private static func numeric(_ text: Substring) -> [String] {
        let plain = text.filter { $0 != "," }
        // 3:30, 10:05pm
        if let colon = plain.firstIndex(of: ":") {
            let hour = plain[..<colon], rest = plain[plain.index(after: colon)...]
            let minuteDigits = rest.prefix(while: \.isDigit), suffix = rest.dropFirst(minuteDigits.count)
            if let h = Int(hour), let m = Int(minuteDigits), minuteDigits.count == 2, h < 24, m < 60 {
                var words = SpokenNumberWords.cardinal(h).words
                words += m == 0 ? ["o'clock"] : SpokenNumberWords.clockMinutes(m).words
                if let meridiem = meridiem(suffix) { words.append(meridiem) }
                return words
            }
        }
        let digits = plain.prefix(while: \.isDigit)
        let suffix = plain.dropFirst(digits.count)
        guard let value = Int(digits), digits.count <= 9 else { return SpokenNumberWords.digits(digits).words + spell(suffix) }
        switch suffix {
        case "": break
        case "st", "nd", "rd", "th": return SpokenNumberWords.ordinal(value).words
        case "s" where value >= 10 && value % 10 == 0:  // the 90s
            var words = SpokenNumberWords.cardinal(value).words
            words[words.count - 1] = pluralTens(words[words.count - 1])
            return words
        default:
            if let meridiem = meridiem(suffix) { return SpokenNumberWords.cardinal(value).words + [meridiem] }
            if suffix.first == ".", suffix.count > 1, suffix.dropFirst().allSatisfy(\.isDigit) {
                return SpokenNumberWords.cardinal(value).words + ["point"] + SpokenNumberWords.digits(suffix.dropFirst()).words
            }
            if suffix.first == "-" || suffix.first == "." {  // 555-1234, 4.2.1
                return SpokenNumberWords.digits(digits).words
                    + suffix.split(whereSeparator: { $0 == "-" || $0 == "." }).flatMap { SpokenNumberWords.digits($0).words + spell($0.drop(while: \.isDigit)) }
            }
            return cardinalOrDigits(digits, value) + spell(suffix)
        }
        return cardinalOrDigits(digits, value)
    }

    /// Numbers with a leading zero or five and more digits (accounts, phones) are read digit by
    /// digit; 1900–2099 as years; the rest as cardinals.
    private static func cardinalOrDigits(_ digits: Substring, _ value: Int) -> [String] {
        if digits.count >= 5 || (digits.count > 1 && digits.first == "0") { return SpokenNumberWords.digits(digits).words }
        if digits.count == 4 && value >= 1900 && value < 2100 { return SpokenNumberWords.year(value).words }
        return SpokenNumberWords.cardinal(value).words
    }

    private static func pluralTens(_ word: String) -> String {
        word.hasSuffix("y") ? String(word.dropLast()) + "ies" : word + "s"
    }
}

extension String {
    fileprivate var words: [String] { split(separator: " ").map(String.init) }

    fileprivate func replacingCurlyQuotes() -> String {
        String(map { character in
            switch character {
            case "\u{2019}", "\u{2018}", "`": "'"
            case "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}": "\""
            default: character
            }
        })
    }

    fileprivate func trimmingApostrophes() -> String {
        var text = Substring(self)
        while text.first == "'" { text = text.dropFirst() }
        while text.last == "'" { text = text.dropLast() }
        return String(text)
    }
}

extension Character {
    /// An ASCII digit (`isNumber` also accepts "½" and other scripts' digits).
    fileprivate var isDigit: Bool { isASCII && isNumber }
}
