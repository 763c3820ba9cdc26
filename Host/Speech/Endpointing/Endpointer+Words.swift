import Core

/// What the end of a partial transcript says about whether the caller is done.
struct TurnWords {
    /// Lower-cased words; punctuation splits words ("555-1234" → "555", "1234"), a typed "@"
    /// reads as "at".
    let words: [String]
    let text: String

    init(_ transcript: String) {
        text = transcript
        var words: [String] = []
        var word = ""
        for character in transcript.lowercased() {
            if character.isLetter || character.isNumber || character == "'" {
                word.append(character)
            } else {
                if !word.isEmpty { words.append(word) }
                word = ""
                if character == "@" { words.append("at") }
            }
        }
        if !word.isEmpty { words.append(word) }
        self.words = words
    }

    /// The longest wait any unfinished pattern at the end asks for, with its reason; `nil` when the
    /// words could end a turn.
    func hold(_ configuration: Endpointer.Configuration) -> (reason: EndpointReason, silence: Duration)? {
        var holds: [(reason: EndpointReason, silence: Duration)] = []
        if let last = words.last {
            if configuration.fillers.contains(last) {
                holds.append((.filler(last), configuration.hesitationSilence))
            } else if configuration.continuations.contains(last), !endsWithSettledPhrase {
                holds.append((.trailingWord(last), configuration.hesitationSilence))
            }
        }
        if unfinishedEmail(configuration) {
            holds.append((.unfinishedEmail, configuration.emailSilence))
        } else if words.last == "at" {
            holds.append((.trailingWord("at"), configuration.hesitationSilence))
        }
        if let digits = unfinishedDigits(configuration) {
            holds.append((digits, configuration.digitSilence))
        }
        return holds.max { $0.silence < $1.silence }
    }

    // MARK: Trailing words

    /// "I think so", "I hope so": a trailing "so" that ends a sentence.
    private var endsWithSettledPhrase: Bool {
        guard words.count >= 2, words.last == "so" else { return false }
        return ["think", "hope", "guess", "believe", "suppose", "said", "do", "say"].contains(words[words.count - 2])
    }

    // MARK: E-mail

    private static let emailCues: Set<String> = ["email", "e", "mail", "address"]

    /// "… at", "… dot", or (when an address is awaited or mentioned) an "at" with no "dot" after it.
    private func unfinishedEmail(_ configuration: Endpointer.Configuration) -> Bool {
        if words.last == "dot" { return true }
        let context = configuration.expecting == .email || words.contains { Self.emailCues.contains($0) }
        guard context, let at = words.lastIndex(of: "at") else { return false }
        if at == words.count - 1 { return true }
        // A domain with a spoken "dot" after the "at": the extractor reads it as an address.
        if words[(at + 1)...].contains("dot") { return false }
        let extractor = EntityExtractor(today: Self.anyDay)
        return !extractor.extract(text).contains { $0.kind == .email }
    }

    private static let anyDay = CalendarDay(year: 2026, month: 1, day: 1)!

    // MARK: Digits

    private static let digitWords: [String: Character] = [
        "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
        "six": "6", "seven": "7", "eight": "8", "nine": "9",
    ]

    /// Words after which even one digit starts a number being read out.
    private static let digitCues: Set<String> = [
        "number", "code", "pin", "digits", "extension", "ext", "confirmation", "reference", "account", "id", "zip",
    ]
    private static let phoneCues: Set<String> = ["phone", "cell", "mobile", "telephone", "callback"]

    /// The digits read out at the very end ("five five five one two", "double oh 7", "555 12"),
    /// and where they start.
    var trailingDigits: (digits: String, start: Int) {
        var digits = ""
        var index = words.count
        while index > 0 {
            let word = words[index - 1]
            if let digit = Self.digitWords[word] {
                // "double five" is two fives: the multiplier comes before the digit.
                var repeats = 1
                if index >= 2, words[index - 2] == "double" { repeats = 2 } else if index >= 2, words[index - 2] == "triple" { repeats = 3 }
                digits = String(repeating: digit, count: repeats) + digits
                index -= repeats > 1 ? 2 : 1
            } else if !word.isEmpty, word.allSatisfy({ $0.isASCII && $0.isNumber }) {
                digits = word + digits
                index -= 1
            } else {
                break
            }
        }
        return (digits, index)
    }

    private func unfinishedDigits(_ configuration: Endpointer.Configuration) -> EndpointReason? {
        // A time or a date read out ("two oh eight", "the twenty third") is whole as said.
        if configuration.expecting == .time || configuration.expecting == .date { return nil }
        let (digits, start) = trailingDigits
        guard !digits.isEmpty else { return nil }
        let phone = configuration.expecting == .phoneNumber || words[..<start].contains { Self.phoneCues.contains($0) }
        // "number four …", "number is four …".
        let cued = (start > 0 && Self.digitCues.contains(words[start - 1]))
            || (start > 1 && words[start - 1] == "is" && Self.digitCues.contains(words[start - 2]))
        let expected = phone || configuration.expecting == .digits
        // Outside an expected number, one or two digit words are just words ("at three", "one more").
        guard expected || cued || digits.count >= 3 else { return nil }
        if phone {
            // 10 digits, or 11 with a leading 1; ten starting with 1 are a country code and nine.
            let whole = (digits.count == 10 && !digits.hasPrefix("1")) || (digits.count == 11 && digits.hasPrefix("1")) || digits.count > 11
            return whole ? nil : .unfinishedPhoneNumber(digits: digits.count)
        }
        if configuration.expecting == .digits, let count = configuration.expectedDigitCount {
            return digits.count < count ? .unfinishedDigits(count: digits.count) : nil
        }
        return digits.count <= 9 ? .unfinishedDigits(count: digits.count) : nil
    }
}
