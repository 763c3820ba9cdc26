/// Something a caller said that a skill can use as a slot value.
public struct Entity: Sendable, Equatable, CustomStringConvertible {
    public let value: EntityValue
    /// The words it was read from, as normalised by the extractor.
    public let text: String

    public init(_ value: EntityValue, text: String) {
        self.value = value
        self.text = text
    }

    public var kind: EntityKind { value.kind }
    public var description: String { "\(kind.rawValue)(\(value)) ← \"\(text)\"" }
}

/// The kinds of entity; slot types in the SDK name these.
public enum EntityKind: String, Sendable, CaseIterable {
    case date, time, money, digits, phoneNumber = "phone_number", email, yesNo = "yes_no"
}

public enum PartOfDay: String, Sendable {
    case morning, afternoon, evening, night
}

public enum EntityValue: Sendable, Equatable {
    /// A day, with a part of the day when the caller named one ("tomorrow afternoon").
    case date(CalendarDay, partOfDay: PartOfDay?)
    /// A time of day on the 24-hour clock. `ambiguous` when the caller gave no am/pm and the hour
    /// could be either (the extractor then reads it as business hours: 8 … 7 → 08:00 … 19:00).
    case time(hour: Int, minute: Int, ambiguous: Bool)
    /// An amount of money in cents.
    case money(cents: Int)
    /// A run of digits: an account, confirmation or card-last-four number.
    case digits(String)
    /// A phone number: 10 or 11 digits (North American), or 7+ with a leading "+".
    case phoneNumber(String)
    case email(String)
    case yesNo(Bool)

    public var kind: EntityKind {
        switch self {
        case .date: .date
        case .time: .time
        case .money: .money
        case .digits: .digits
        case .phoneNumber: .phoneNumber
        case .email: .email
        case .yesNo: .yesNo
        }
    }
}
