import Core
import Foundation

/// The business's local time as the agent and the plugins see it. Fixed clocks make scripted
/// calls and tests repeatable (`smartdesk chat --now 2026-11-25T10:00`).
public struct AgentClock: Sendable {
    private let fixed: LocalTime?

    /// The machine's clock in its local time zone.
    public static let system = AgentClock(fixed: nil)

    /// Always `time`.
    public static func fixed(_ time: LocalTime) -> AgentClock { AgentClock(fixed: time) }

    public var now: LocalTime {
        if let fixed { return fixed }
        let parts = Calendar.current.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date())
        return LocalTime(
            year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1,
            hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0
        )!
    }
}

/// A wall-clock time without a zone: `2026-11-25T14:05:00`, the format plugins read.
public struct LocalTime: Sendable, Equatable, CustomStringConvertible {
    public let day: CalendarDay
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int = 0) {
        guard let calendarDay = CalendarDay(year: year, month: month, day: day),
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.day = calendarDay
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `2026-11-25T14:05`, `2026-11-25T14:05:00` or `2026-11-25` (midnight).
    public init?(parsing text: String) {
        let parts = text.split(separator: "T", maxSplits: 1)
        let date = parts.first.map { $0.split(separator: "-").compactMap { Int($0) } } ?? []
        let time = parts.count > 1 ? parts[1].split(separator: ":").compactMap { Int($0) } : [0, 0]
        guard date.count == 3, (2...3).contains(time.count) else { return nil }
        self.init(year: date[0], month: date[1], day: date[2], hour: time[0], minute: time[1], second: time.count > 2 ? time[2] : 0)
    }

    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let date = "\(day.year)-\(two(day.month))-\(two(day.day))"
        return "\(date)T\(two(hour)):\(two(minute)):\(two(second))"
    }
}
