/// Rewrites a sentence so a synthesiser reads it the way a person would on the phone.
///
/// Flite reads plain numbers, ordinals, "Dr.", "3:30 PM" and "Jan 15" well; it stumbles on what
/// a phone agent says most: money ("$0.99" becomes "zero dollars ninety nine cents"), phone numbers
/// ("+15551230001" becomes "one fifty five fifty one…"), confirmation codes ("A-1001" becomes
/// "a one thousand one"), long account numbers (read as billions) and a few abbreviations. This
/// handles those and leaves everything else alone:
///
/// | Written              | Rewritten                          |
/// |----------------------|------------------------------------|
/// | `$42.50`             | `42 dollars and 50 cents`          |
/// | `+15551230001`       | `5 5 5, 1 2 3, 0 0 0 1`            |
/// | `(555) 123-0001`     | `5 5 5, 1 2 3, 0 0 0 1`            |
/// | `A-1001`, `AB12CD`   | `A, 1 0 0 1`, `A B, 1 2, C D`      |
/// | `42791`              | `4 2 7 9 1`                        |
/// | `11am`, `3:30 p.m.`  | `11 A M`, `3:30 P M`               |
/// | `Dec. 3`, `Tue`      | `December 3`, `Tuesday`            |
/// | `e.g.`, `appt`       | `for example`, `appointment`       |
/// | `maria.l@mail.com`   | `maria dot l at mail dot com`      |
///
/// Digits are written as single digits separated by spaces and groups by commas, which Flite reads
/// one by one with a short pause between groups (a lone letter before a digit needs the comma, or
/// "A 1" is read "a one").
public enum SpeechNormalizer {
    /// `text` rewritten for speech; white space between words becomes single spaces.
    public static func normalize(_ text: String) -> String {
        let tokens = text.split(whereSeparator: \.isWhitespace).map { Token(String($0)) }
        var spoken: [String] = []
        var index = 0
        while index < tokens.count {
            if let (phrase, used) = phoneNumber(tokens, from: index) {
                spoken.append(phrase)
                index += used
                continue
            }
            let context = Context(tokens: tokens, index: index)
            if let (phrase, used) = money(context) {
                spoken.append(phrase)
                index += used
                continue
            }
            spoken.append(rewrite(context) ?? tokens[index].text)
            index += 1
        }
        return spoken.joined(separator: " ")
    }

    // MARK: - Tokens

    /// A word as written, split into leading brackets or quotes, the word, and trailing
    /// punctuation (periods included: an abbreviation's own period is put back or dropped by the
    /// rule that reads it).
    struct Token {
        let text: String
        let prefix: String
        let core: String
        let suffix: String

        init(_ text: String) {
            self.text = text
            let characters = Array(text)
            var lower = 0
            var upper = characters.count
            while lower < upper, "\"'([“‘".contains(characters[lower]) { lower += 1 }
            while upper > lower, ".,;:!?\"')]”’".contains(characters[upper - 1]) { upper -= 1 }
            prefix = String(characters[..<lower])
            core = String(characters[lower..<upper])
            suffix = String(characters[upper...])
        }

        /// The trailing punctuation without the first period (an abbreviation's own).
        var suffixAfterAbbreviation: String {
            guard let period = suffix.firstIndex(of: ".") else { return suffix }
            var rest = suffix
            rest.remove(at: period)
            return rest
        }

        func wrap(_ phrase: String, suffix: String? = nil) -> String {
            prefix + phrase + (suffix ?? self.suffix)
        }
    }

    /// A token with its neighbours, for rules that look around.
    struct Context {
        let tokens: [Token]
        let index: Int

        var token: Token { tokens[index] }
        var previous: Token? { index > 0 ? tokens[index - 1] : nil }
        var next: Token? { index + 1 < tokens.count ? tokens[index + 1] : nil }
        var isLast: Bool { index == tokens.count - 1 }

        /// The suffix for a token whose period belonged to an abbreviation: a sentence's last word
        /// keeps its period, others lose it.
        var abbreviationSuffix: String { isLast ? token.suffix : token.suffixAfterAbbreviation }
    }

    // MARK: - Word rules

    private static let abbreviations: [String: String] = [
        "e.g": "for example", "i.e": "that is", "etc": "et cetera", "appt": "appointment",
        "appts": "appointments", "approx": "approximately", "vs": "versus",
    ]
    /// Abbreviations read out only when written with their period or capitalised ("Apt. 4", "Ms Lee").
    private static let markedAbbreviations: [String: String] = [
        "ext": "extension", "apt": "apartment", "ste": "suite", "ms": "Miz", "jr": "Junior",
    ]
    private static let weekdays: [String: String] = [
        "Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
        "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday",
    ]
    private static let months: [String: String] = [
        "Jan": "January", "Feb": "February", "Mar": "March", "Apr": "April", "Jun": "June", "Jul": "July",
        "Aug": "August", "Sep": "September", "Sept": "September", "Oct": "October", "Nov": "November",
        "Dec": "December",
    ]

    /// The spoken form of one token, or nil to leave it as written.
    private static func rewrite(_ context: Context) -> String? {
        let token = context.token
        let core = token.core
        guard !core.isEmpty else { return nil }
        let hasPeriod = token.suffix.hasPrefix(".")
        let lowered = core.lowercased()

        if let phrase = abbreviations[lowered] {
            return token.wrap(phrase, suffix: hasPeriod ? context.abbreviationSuffix : token.suffix)
        }
        if let phrase = markedAbbreviations[lowered], hasPeriod || core.first!.isUppercase {
            return token.wrap(phrase, suffix: hasPeriod ? context.abbreviationSuffix : token.suffix)
        }
        if let day = weekdays[core] {
            // "Sat" and "Sun" are words too: only as a date ("Sat, Dec 3", "Sun.", "Sat 14").
            let isDate = !["Sat", "Sun"].contains(core) || hasPeriod || token.suffix.hasPrefix(",")
                || context.next.map { startsWithDigit($0.core) || months[$0.core] != nil } == true
            if isDate { return token.wrap(day, suffix: hasPeriod ? context.abbreviationSuffix : token.suffix) }
        }
        if let month = months[core] {
            // "Jan" is also a name: only with its period or beside a day number ("Dec 3", "3 Dec").
            let isDate = hasPeriod || context.next.map { startsWithDigit($0.core) } == true
                || context.previous.map { isDayNumber($0.core) } == true
            if isDate { return token.wrap(month, suffix: hasPeriod ? context.abbreviationSuffix : token.suffix) }
        }
        if let meridiem = meridiem(lowered), let previous = context.previous, isClockTime(previous.core),
           previous.suffix.isEmpty {
            return token.wrap(meridiem, suffix: hasPeriod ? context.abbreviationSuffix : token.suffix)
        }
        if let time = timeOrRange(core) { return token.wrap(time) }
        if core.hasPrefix("#"), core.count > 1, core.dropFirst().allSatisfy(\.isNumber) {
            return token.wrap("number " + core.dropFirst())
        }
        if core == "&" { return token.wrap("and") }
        if core.count >= 5, core.allSatisfy(isDigit) { return token.wrap(groupedDigits(Array(core))) }
        if let code = spelledCode(core) { return token.wrap(code) }
        if let email = spokenEmail(core) { return token.wrap(email) }
        return nil
    }

    /// 0–9 only (not other scripts' digits or fractions).
    static func isDigit(_ character: Character) -> Bool { character >= "0" && character <= "9" }

    private static func startsWithDigit(_ text: String) -> Bool { text.first.map(isDigit) == true }

    /// "3", "15", "3rd", "22nd": a day of the month.
    private static func isDayNumber(_ text: String) -> Bool {
        let digits = text.prefix(while: isDigit)
        guard let day = Int(digits), (1...31).contains(day) else { return false }
        return ["", "st", "nd", "rd", "th"].contains(text.dropFirst(digits.count).lowercased())
    }

    /// "am", "a.m", "pm", "p.m" (any case) → "A M" / "P M".
    private static func meridiem(_ lowered: String) -> String? {
        switch lowered.filter({ $0 != "." }) {
        case "am": "A M"
        case "pm": "P M"
        default: nil
        }
    }

    /// "3", "11", "3:30", "10:00": an hour of the clock.
    private static func isClockTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let hour = Int(parts[0]), parts[0].count <= 2, (0...23).contains(hour) else { return false }
        if parts.count == 1 { return true }
        guard parts.count == 2, parts[1].count == 2, let minute = Int(parts[1]) else { return false }
        return (0...59).contains(minute)
    }

    /// "11am" → "11 A M", "3:30pm" → "3:30 P M", "9am-5pm" → "9 A M to 5 P M",
    /// "3:30-4:00" → "3:30 to 4:00"; nil for anything else.
    private static func timeOrRange(_ core: String) -> String? {
        let sides = core.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if sides.count == 2 {
            let first = attachedMeridiem(sides[0]) ?? (sides[0].contains(":") && isClockTime(sides[0]) ? sides[0] : nil)
            let second = attachedMeridiem(sides[1]) ?? (sides[1].contains(":") && isClockTime(sides[1]) ? sides[1] : nil)
            guard let first, let second else { return nil }
            return "\(first) to \(second)"
        }
        return attachedMeridiem(core)
    }

    /// "11am", "3:30PM", "7p.m" → "11 A M", "3:30 P M", "7 P M".
    private static func attachedMeridiem(_ text: String) -> String? {
        let clock = String(text.prefix(while: { isDigit($0) || $0 == ":" }))
        guard !clock.isEmpty, clock.count < text.count, isClockTime(clock),
              let meridiem = meridiem(text.dropFirst(clock.count).lowercased()) else { return nil }
        return "\(clock) \(meridiem)"
    }
}
