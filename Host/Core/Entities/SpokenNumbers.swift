/// Numbers as callers say them, read from lower-cased words.
///
/// - cardinals: "forty two" → 42, "one hundred and five" → 105, "two thousand twenty six" → 2026,
///   "42" → 42;
/// - digit strings: "four two seven" → "427", "oh" and "o" as zero, "double five" → "55",
///   "triple oh" → "000", digits written as numerals ("4 2 7", "427") too.
enum SpokenNumbers {
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
        "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let ordinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
        "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
        "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
        "twentieth": 20, "thirtieth": 30,
    ]
    static let digitWords: [String: Character] = [
        "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
        "six": "6", "seven": "7", "eight": "8", "nine": "9",
    ]

    /// A cardinal number starting at `words[start]`: its value and how many words it used.
    /// "one two" is two numbers (a digit string), not three.
    static func cardinal(_ words: [String], at start: Int) -> (value: Int, length: Int)? {
        guard start < words.count else { return nil }
        if words[start].count <= 9, let value = Int(words[start]) { return (value, 1) }
        enum Last { case none, unit, tens, hundred, thousand, and }
        var last = Last.none
        var total = 0
        var current = 0
        var index = start
        var end = start
        // "a hundred", "a thousand": the article is the one; a bare "hundred and forty" too.
        if words[start] == "a", start + 1 < words.count, words[start + 1] == "hundred" || words[start + 1] == "thousand" {
            current = 1
            last = .unit
            index += 1
        } else if words[start] == "hundred" {
            current = 1
            last = .unit
        }
        scan: while index < words.count {
            let word = words[index]
            if let unit = units[word] {
                let joins: Bool
                switch last {
                case .none, .hundred, .thousand, .and: joins = true
                case .tens: joins = unit > 0 && unit < 10
                case .unit: joins = false
                }
                guard joins else { break scan }
                current += unit
                last = .unit
            } else if let ten = tens[word] {
                guard [.none, .hundred, .thousand, .and].contains(last) else { break scan }
                current += ten
                last = .tens
            } else if word == "hundred" {
                guard last == .unit, current > 0, current < 100 else { break scan }
                current *= 100
                last = .hundred
            } else if word == "thousand" {
                guard last == .unit || last == .tens || last == .hundred else { break scan }
                total += current * 1000
                current = 0
                last = .thousand
            } else if word == "and" {
                guard last == .hundred || last == .thousand, index + 1 < words.count,
                      units[words[index + 1]] != nil || tens[words[index + 1]] != nil
                else { break scan }
                last = .and
            } else {
                break scan
            }
            index += 1
            if last != .and { end = index }
        }
        guard end > start else { return nil }
        return (total + current, end - start)
    }

    /// An ordinal day number ("third", "3rd", "twenty first") at `words[start]`.
    static func ordinal(_ words: [String], at start: Int) -> (value: Int, length: Int)? {
        guard start < words.count else { return nil }
        let word = words[start]
        if let value = ordinals[word] { return (value, 1) }
        for suffix in ["st", "nd", "rd", "th"] where word.hasSuffix(suffix) {
            if let value = Int(word.dropLast(2)) { return (value, 1) }
        }
        if let ten = tens[word], start + 1 < words.count, let unit = ordinals[words[start + 1]], unit < 10 {
            return (ten + unit, 2)
        }
        return nil
    }

    /// A run of single digits starting at `words[start]`: the digits and how many words it used.
    /// Digits read in pairs, as people read account numbers and years: "forty two seventy one" →
    /// "4271", "nineteen oh five" → "1905". Two pairs at least, each a number from 10 to 99 (a
    /// tens word and a unit, a teen, or "oh"/a digit word then a digit word); `nil` otherwise.
    static func pairedDigitString(_ words: [String], at start: Int) -> (digits: String, length: Int)? {
        var digits = ""
        var index = start
        var pairs = 0
        while index < words.count {
            let word = words[index]
            if let tensValue = tens[word] {
                if index + 1 < words.count, let unit = units[words[index + 1]], (1...9).contains(unit) {
                    digits += String(tensValue + unit)
                    index += 2
                } else {
                    digits += String(tensValue)
                    index += 1
                }
            } else if let teen = units[word], teen >= 10 {
                digits += String(teen)
                index += 1
            } else if let first = digitWords[word], index + 1 < words.count, let second = digitWords[words[index + 1]] {
                digits += String([first, second])
                index += 2
            } else {
                break
            }
            pairs += 1
        }
        return pairs >= 2 ? (digits, index - start) : nil
    }

    static func digitString(_ words: [String], at start: Int) -> (digits: String, length: Int) {
        var digits = ""
        var index = start
        while index < words.count {
            let word = words[index]
            if let digit = digitWords[word] {
                digits.append(digit)
                index += 1
            } else if (word == "double" || word == "triple"), index + 1 < words.count, let digit = digitWords[words[index + 1]] {
                digits += String(repeating: digit, count: word == "double" ? 2 : 3)
                index += 2
            } else if !word.isEmpty, word.allSatisfy(\.isASCIIDigitCharacter) {
                digits += word
                index += 1
            } else {
                break
            }
        }
        return (digits, index - start)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
