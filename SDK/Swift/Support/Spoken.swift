/// Text for the caller's ears: dates, times, counts, lists, e-mail addresses and phone numbers the
/// way a receptionist says them (and a TTS engine reads them well).
///
/// ```swift
/// Spoken.date(LocalDate(parsing: "2026-12-01")!)    // "Tuesday, December 1st"
/// Spoken.time(LocalTime(parsing: "15:30")!)         // "3:30 PM"
/// Spoken.list(["1:30 PM", "2:30 PM"])               // "1:30 PM and 2:30 PM"
/// Spoken.email("dana.w@example.com")                // "dana dot w at example dot com"
/// ```
public enum Spoken {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// "Tuesday, December 1st".
    public static func date(_ date: LocalDate) -> String {
        "\(date.weekday.name), \(monthNames[date.month - 1]) \(ordinal(date.day))"
    }

    /// "3 PM", "3:30 PM", "12 PM" for noon, "midnight" at 00:00 and 24:00.
    public static func time(_ time: LocalTime) -> String {
        if time.minutes == 0 || time.minutes == LocalTime.endOfDay { return "midnight" }
        let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
        let suffix = time.hour < 12 ? "AM" : "PM"
        return time.minute == 0 ? "\(hour12) \(suffix)" : "\(hour12):\(twoDigits(time.minute)) \(suffix)"
    }

    /// "Tuesday, December 1st at 3 PM".
    public static func dateTime(_ moment: LocalDateTime) -> String {
        "\(date(moment.date)) at \(time(moment.time))"
    }

    /// When `moment` is, said relative to `now`: "at 9 AM today", "at 9 AM tomorrow", "on Monday at
    /// 9 AM" within the coming week, else "on Monday, December 7th at 9 AM".
    public static func relative(_ moment: LocalDateTime, from now: LocalDateTime) -> String {
        switch now.date.days(until: moment.date) {
        case 0: "at \(time(moment.time)) today"
        case 1: "at \(time(moment.time)) tomorrow"
        case 2...6: "on \(moment.date.weekday.name) at \(time(moment.time))"
        default: "on \(dateTime(moment))"
        }
    }

    /// "1st", "2nd", "3rd", "11th", "22nd".
    public static func ordinal(_ number: Int) -> String {
        let suffix = switch (number % 10, number % 100) {
        case (_, 11...13): "th"
        case (1, _): "st"
        case (2, _): "nd"
        case (3, _): "rd"
        default: "th"
        }
        return "\(number)\(suffix)"
    }

    /// "one" … "twelve", digits from 13 on.
    public static func number(_ number: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
        return words.indices.contains(number) ? words[number] : "\(number)"
    }

    /// "one appointment", "three appointments" (the plural adds an "s").
    public static func count(_ count: Int, _ noun: String) -> String {
        "\(number(count)) \(noun)\(count == 1 ? "" : "s")"
    }

    /// "a", "a and b", "a, b and c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// An e-mail address with its punctuation said as words: "dana dot w at example dot com".
    public static func email(_ address: String) -> String {
        var spoken = ""
        for character in address {
            switch character {
            case ".": spoken += " dot "
            case "@": spoken += " at "
            case "-": spoken += " dash "
            case "_": spoken += " underscore "
            case "+": spoken += " plus "
            default: spoken.append(character)
            }
        }
        return spoken.split(separator: " ").joined(separator: " ")
    }

    /// A phone number digit by digit, grouped with pauses: "+15551230001" → "5 5 5, 1 2 3, 0 0 0 1"
    /// (North-American numbers drop the country code and group 3-3-4; other numbers group by threes).
    public static func phoneNumber(_ number: String) -> String {
        var digits = number.filter(\.isASCIIDigit)
        if digits.count == 11, digits.hasPrefix("1") { digits.removeFirst() }
        let sizes = digits.count == 10 ? [3, 3, 4] : Array(repeating: 3, count: (digits.count + 2) / 3)
        var groups: [String] = []
        var rest = Substring(digits)
        for size in sizes where !rest.isEmpty {
            groups.append(rest.prefix(size).map(String.init).joined(separator: " "))
            rest = rest.dropFirst(size)
        }
        return groups.joined(separator: ", ")
    }
}
