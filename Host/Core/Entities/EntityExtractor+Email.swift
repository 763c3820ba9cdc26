extension EntityExtractor {
    // MARK: Typed e-mails

    /// E-mail addresses typed as such ("Maria.Lopez@example.com,"), lower-cased, and the text with
    /// them taken out so that no other reading sees their parts.
    static func typedEmails(in text: String) -> (emails: [Entity], rest: String) {
        var emails: [Entity] = []
        var rest: [Substring] = []
        for raw in text.split(whereSeparator: { $0.isWhitespace }) {
            var token = Substring(raw)
            while let last = token.last, ",.;:!?)".contains(last) { token = token.dropLast() }
            while let first = token.first, "(<\"'".contains(first) { token = token.dropFirst() }
            let parts = token.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") {
                let address = token.lowercased()
                emails.append(Entity(.email(address), text: address))
            } else {
                rest.append(raw)
            }
        }
        return (emails, rest.joined(separator: " "))
    }

    // MARK: Spoken e-mails

    /// Spoken connectors inside an address.
    static let emailConnectors: [String: String] = [
        "dot": ".", "underscore": "_", "dash": "-", "hyphen": "-", "plus": "+",
    ]

    /// Words that end a spoken address rather than belong to it ("my e-mail is ana at …",
    /// "meet me at …"). After a spoken "dot" they may still be a domain label ("dot me").
    static let emailStopWords: Set<String> = [
        "a", "about", "address", "am", "an", "and", "are", "as", "at", "be", "by", "call", "can", "contact", "could",
        "e-mail", "email", "er", "for", "from", "hello", "here", "hi", "his", "her", "him", "i'm", "im", "in", "is",
        "it", "it's", "its", "just", "look", "me", "meet", "my", "no", "number", "of", "ok", "okay", "on",
        "or", "our", "phone", "please", "reach", "right", "see", "send", "should", "so", "sorry", "thanks", "thank",
        "that", "that's", "thats", "the", "their", "them", "then", "there", "this", "to", "try", "uh", "um", "us",
        "use", "via", "was", "we", "well", "were", "will", "with", "would", "write", "yeah", "yes", "you", "your",
    ]

    /// How a word can take part in a spoken address.
    enum EmailToken: Equatable {
        /// "dot", "underscore", "dash", "hyphen", "plus".
        case connector
        /// A spelled letter: "j"; "o" and "oh" when no digit is beside them.
        case letter
        /// A digit or a number: "two", "4", "twenty"; "o" and "oh" beside one ("double o seven").
        case number
        /// A word used whole: "ana", "gmail", "com".
        case word
    }

    /// The role of `words[index]` in a spoken address; `nil` where an address cannot go on.
    /// `afterDot`: the word follows a spoken "dot" in a domain, where stop words are labels too.
    static func emailToken(_ words: [String], at index: Int, afterDot: Bool = false) -> EmailToken? {
        guard index >= 0, index < words.count else { return nil }
        let word = words[index]
        if emailConnectors[word] != nil { return .connector }
        if word == "double" || word == "triple" {
            let next = emailToken(words, at: index + 1)
            return next == .letter || next == .number ? next : nil
        }
        if word == "oh" || word == "o" {
            // The nearest word on either side that is not another "o", "double" or "triple".
            let zeroish: Set<String> = ["o", "oh", "double", "triple"]
            var left = index - 1
            while left >= 0, zeroish.contains(words[left]) { left -= 1 }
            var right = index + 1
            while right < words.count, zeroish.contains(words[right]) { right += 1 }
            let beside = (left >= 0 && isEmailNumber(words[left])) || (right < words.count && isEmailNumber(words[right]))
            return beside ? .number : .letter
        }
        if isEmailNumber(word) { return .number }
        guard word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }), let first = word.first else { return nil }
        if word.count == 1 { return first.isLetter ? .letter : nil }
        if emailStopWords.contains(word) && !afterDot { return nil }
        return .word
    }

    private static func isEmailNumber(_ word: String) -> Bool {
        (!word.isEmpty && word.allSatisfy(\.isASCIIDigitCharacter)) || SpokenNumbers.units[word] != nil
            || SpokenNumbers.tens[word] != nil || word == "hundred"
    }

    /// Addresses said aloud: "ana at example dot com", "j o h n dot smith at acme dot co dot uk",
    /// "ana two at example dot com" → ana2@example.com. There must be a spoken "at" and a domain of
    /// at least two labels, the last of them letters only; "meet at noon" and "at three" are not
    /// addresses.
    ///
    /// Each part between connectors is spelled letters, then at most one whole word, then digits:
    /// "j smith", "ana two", "j o h n". A whole word cannot follow spelled letters, and two whole
    /// words are not one part, so "call j o h n at …" and "is ana at …" keep only "john" and "ana".
    func spokenEmails(in words: [String]) -> [(entity: Entity, range: Range<Int>)] {
        var found: [(entity: Entity, range: Range<Int>)] = []
        var index = 1
        while index + 1 < words.count {
            defer { index += 1 }
            guard words[index] == "at",
                  let start = Self.localPartStart(words, before: index),
                  start >= (found.last?.range.upperBound ?? 0),
                  let end = Self.domainEnd(words, after: index)
            else { continue }
            let local = Self.renderEmailPart(words, start..<index)
            let domain = Self.renderEmailPart(words, index + 1..<end)
            guard !local.isEmpty, domain.contains(".") else { continue }
            let address = (local + "@" + domain).lowercased()
            found.append((Entity(.email(address), text: words[start..<end].joined(separator: " ")), start..<end))
            index = end - 1
        }
        return found
    }

    /// Where the local part before `words[at]` begins, scanning back: a part reads (backwards)
    /// digits, then at most one whole word, then spelled letters; a connector starts a new part.
    private static func localPartStart(_ words: [String], before at: Int) -> Int? {
        enum Phase { case digits, word, letters }
        var phase = Phase.digits
        var start: Int?
        var index = at - 1
        scan: while index >= 0, let token = emailToken(words, at: index) {
            switch (token, phase) {
            case (.connector, _):
                // A connector joins two parts; one with nothing before it is not part of the address.
                guard start != nil, let before = emailToken(words, at: index - 1), before != .connector else { break scan }
                phase = .digits
                index -= 1
                continue scan
            case (.number, .digits): break
            case (.number, _): break scan
            case (.word, .digits): phase = .word
            case (.word, _): break scan
            case (.letter, _): phase = .letters
            }
            start = index
            index -= 1
        }
        return start
    }

    /// Where the domain after `words[at]` ends, or `nil` when there is no domain with a dot.
    /// The last label is letters only: one whole word or a run of spelled letters ("dot com",
    /// "dot c o m", "dot co dot uk"), so "… dot com thanks two" ends after "com".
    private static func domainEnd(_ words: [String], after at: Int) -> Int? {
        enum Phase { case letters, word, digits }
        // Each label: the range of its words and the end of its leading letters-only run.
        var labels: [(range: Range<Int>, alphabeticEnd: Int)] = []
        var labelStart = at + 1
        var alphabeticEnd = labelStart
        var alphabetic = true
        var phase = Phase.letters
        var index = at + 1
        var afterDot = false
        scan: while index < words.count, let token = emailToken(words, at: index, afterDot: afterDot) {
            afterDot = false
            switch (token, phase) {
            case (.connector, _):
                let isDot = words[index] == "dot"
                guard index > labelStart, isDot || words[index] == "dash" || words[index] == "hyphen",
                      let next = emailToken(words, at: index + 1, afterDot: isDot), next != .connector
                else { break scan }
                if isDot {
                    labels.append((labelStart..<index, alphabeticEnd))
                    labelStart = index + 1
                    alphabeticEnd = labelStart
                    alphabetic = true
                    afterDot = true
                } else {
                    alphabetic = false
                }
                phase = .letters
                index += 1
                continue scan
            case (.letter, .letters):
                if alphabetic && (alphabeticEnd == index) && (index == labelStart || emailToken(words, at: index - 1) == .letter) {
                    alphabeticEnd = index + 1
                }
            case (.letter, _): break scan
            case (.word, .letters):
                if alphabetic && index == labelStart && words[index].allSatisfy(\.isLetter) { alphabeticEnd = index + 1 }
                alphabetic = false
                phase = .word
            case (.word, _): break scan
            case (.number, _):
                alphabetic = false
                if phase == .word { phase = .digits }
            }
            index += 1
        }
        if index > labelStart { labels.append((labelStart..<index, alphabeticEnd)) }
        // The top-level label must be letters only: cut it to its leading letters, or drop it.
        while let last = labels.last, labels.count >= 2 {
            let letters = last.alphabeticEnd - last.range.lowerBound
            if letters > 0, renderEmailPart(words, last.range.lowerBound..<last.alphabeticEnd).count >= 2 {
                return last.alphabeticEnd
            }
            labels.removeLast()
        }
        return nil
    }

    /// The address text for `words[range]`: connectors as symbols, numbers as digits, letters
    /// and words as they are.
    static func renderEmailPart(_ words: [String], _ range: Range<Int>) -> String {
        var text = ""
        var index = range.lowerBound
        while index < range.upperBound {
            let word = words[index]
            if let symbol = emailConnectors[word] {
                text += symbol
                index += 1
            } else if word == "double" || word == "triple", index + 1 < range.upperBound {
                let one = renderEmailPart(words, index + 1..<index + 2)
                text += String(repeating: one, count: word == "double" ? 2 : 3)
                index += 2
            } else if word == "oh" || word == "o" {
                text += emailToken(words, at: index) == .number ? "0" : "o"
                index += 1
            } else if !word.allSatisfy(\.isASCIIDigitCharacter), SpokenNumbers.units[word] != nil || SpokenNumbers.tens[word] != nil,
                      let (value, length) = SpokenNumbers.cardinal(Array(words[index..<range.upperBound]), at: 0) {
                text += String(value)
                index += length
            } else {
                text += word
                index += 1
            }
        }
        return text
    }
}
