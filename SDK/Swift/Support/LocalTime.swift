/// A time of day to the minute, in the business's own time.
///
/// ```swift
/// let time = LocalTime(parsing: "15:30")!
/// time.minutes                 // 930
/// time.adding(minutes: 45)     // 16:15
/// ```
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes since midnight, 0…1440 (1440 is the end of the day, "24:00", valid as a closing time).
    public let minutes: Int

    public init?(minutes: Int) {
        guard (0...Self.endOfDay).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    public init?(hour: Int, minute: Int = 0) {
        guard (0...24).contains(hour), (0...59).contains(minute) else { return nil }
        self.init(minutes: hour * 60 + minute)
    }

    /// Parses `HH:MM` or `HH:MM:SS` (24-hour; seconds are dropped), the canonical text of a `time` slot.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        if parts.count == 3 {
            guard let second = Int(parts[2]), (0...59).contains(second) else { return nil }
        }
        self.init(hour: hour, minute: minute)
    }

    public static let midnight = LocalTime(minutes: 0)!
    static let endOfDay = 24 * 60

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    /// `nil` when the result leaves the day.
    public func adding(minutes delta: Int) -> LocalTime? { LocalTime(minutes: minutes + delta) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }

    /// `HH:MM`, 24-hour.
    public var description: String { "\(twoDigits(hour)):\(twoDigits(minute))" }
}
