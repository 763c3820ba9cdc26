/// Something a caller said that a skill can use as a slot value.
///
/// ```swift
/// let entity = Entity(.time(hour: 15, minute: 30, ambiguous: false), text: "half past three")
/// entity.canonicalText  // "15:30"
/// ```
public struct Entity: Sendable, Equatable, CustomStringConvertible {
    /// What was understood.
    public let value: EntityValue
    /// The words it was read from, as normalised by the extractor.
    public let text: String

    /// Said as what is *not* wanted: "not two, three" reads two (negated) and three.
    public let negated: Bool
    /// Said after a repair word ("no wait", "sorry", "actually", "make it"): it replaces what came
    /// before.
    public let repairs: Bool

    /// An entity read from `text`.
    public init(_ value: EntityValue, text: String, negated: Bool = false, repairs: Bool = false) {
        self.value = value
        self.text = text
        self.negated = negated
        self.repairs = repairs
    }

    /// The kind of `value`.
    public var kind: EntityKind { value.kind }
    public var description: String { "\(kind.rawValue)(\(value)) ← \"\(text)\"" }
}

/// The kinds of entity; slot types in the SDK name these.
public enum EntityKind: String, Sendable, CaseIterable {
    case date, time, duration, money, digits, phoneNumber = "phone_number", email, yesNo = "yes_no"
}

/// A part of the day a caller named with a date ("tomorrow afternoon").
public enum PartOfDay: String, Sendable {
    case morning, afternoon, evening, night
}

/// The value of an entity, by kind.
public enum EntityValue: Sendable, Equatable {
    /// A day, with a part of the day when the caller named one ("tomorrow afternoon").
    case date(CalendarDay, partOfDay: PartOfDay?)
    /// A time of day on the 24-hour clock. `ambiguous` when the caller gave no am/pm and the hour
    /// could be either (the extractor then reads it as business hours: 8 … 7 → 08:00 … 19:00).
    case time(hour: Int, minute: Int, ambiguous: Bool)
    /// A length of time in whole minutes ("an hour and a half" → 90).
    case duration(minutes: Int)
    /// An amount of money in cents.
    case money(cents: Int)
    /// "all of it", "the full balance": the whole amount, whatever the skill knows it to be.
    case wholeAmount
    /// A run of digits: an account, confirmation or card-last-four number.
    case digits(String)
    /// A phone number: 10 or 11 digits (North American), or 7+ with a leading "+".
    case phoneNumber(String)
    /// An e-mail address, lower-cased.
    case email(String)
    /// An answer to a yes/no question.
    case yesNo(Bool)

    /// The kind of this value.
    public var kind: EntityKind {
        switch self {
        case .date: .date
        case .time: .time
        case .duration: .duration
        case .money, .wholeAmount: .money
        case .digits: .digits
        case .phoneNumber: .phoneNumber
        case .email: .email
        case .yesNo: .yesNo
        }
    }
}

// MARK: Canonical text

extension Entity {
    /// The value as the text a slot handler reads (the formats `SlotKind` documents):
    /// date `2026-12-01`, time `15:30`, duration minutes `90`, money `42.50` (no currency sign) or
    /// `all` for the whole amount,
    /// digits the digits only, phone number `+15551234567` for North-American 10- or 11-digit
    /// numbers and the digits otherwise, e-mail lower-case, yes/no `yes` or `no`.
    public var canonicalText: String {
        switch value {
        case .date(let day, _):
            return "\(Self.padded(day.year, 4))-\(Self.padded(day.month, 2))-\(Self.padded(day.day, 2))"
        case .time(let hour, let minute, _):
            return "\(Self.padded(hour, 2)):\(Self.padded(minute, 2))"
        case .duration(let minutes):
            return String(minutes)
        case .money(let cents):
            let sign = cents < 0 ? "-" : ""
            return "\(sign)\(abs(cents) / 100).\(Self.padded(abs(cents) % 100, 2))"
        case .wholeAmount:
            return "all"
        case .digits(let digits):
            return digits.filter(\.isASCIIDigitCharacter)
        case .phoneNumber(let number):
            return Self.canonicalPhoneNumber(number)
        case .email(let address):
            return address.lowercased()
        case .yesNo(let yes):
            return yes ? "yes" : "no"
        }
    }

    /// `+1` and ten digits for a North-American number (10 digits, or 11 with a leading 1);
    /// the digits alone for anything else. A number written with a leading "+" is already
    /// international: it keeps its "+" and is never given a "1".
    static func canonicalPhoneNumber(_ number: String) -> String {
        let digits = number.filter(\.isASCIIDigitCharacter)
        if number.hasPrefix("+") { return "+" + digits }
        if digits.count == 10 { return "+1" + digits }
        if digits.count == 11, digits.hasPrefix("1") { return "+" + digits }
        return digits
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
