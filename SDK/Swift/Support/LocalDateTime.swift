/// A moment in the business's own time, as the host's `Turn.now` gives it: `2026-11-25T14:05:00`.
///
/// ```swift
/// let now = LocalDateTime(parsing: turn.now)!
/// now.date.weekday   // .wednesday
/// now.time           // 14:05
/// ```
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime

    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space instead of the `T` is accepted too). Fractional
    /// seconds and a zone suffix are not: the host's clock is local by contract.
    public init?(parsing text: some StringProtocol) {
        guard let separator = text.firstIndex(where: { $0 == "T" || $0 == " " }),
              let date = LocalDate(parsing: text[..<separator]),
              let time = LocalTime(parsing: text[text.index(after: separator)...]),
              time.minutes < LocalTime.endOfDay
        else { return nil }
        self.init(date: date, time: time)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }

    /// `YYYY-MM-DDTHH:MM:00`, the host's format.
    public var description: String { "\(date)T\(time):00" }
}
