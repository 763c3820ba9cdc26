/// Opening hours per weekday, parsed from a configuration string such as
/// `"mon-fri 09:00-17:00; sat 10:00-13:00"`.
///
/// Grammar: clauses separated by `;`, each `DAYS RANGES`. `DAYS` is a comma-separated list of days
/// (`mon`) and day ranges (`mon-fri`, `fri-mon` wraps); `RANGES` is a comma-separated list of
/// `HH:MM-HH:MM` intervals, or `closed`. A later clause replaces what an earlier one said for the
/// same day, so `"mon-fri 09:00-17:00; fri 09:00-12:00"` closes Friday early. Days no clause names
/// are closed. Day names may be abbreviated to three letters or more; spaces around commas are fine.
///
/// ```swift
/// let hours = try BusinessHours(parsing: "mon-fri 09:00-12:00, 13:00-17:00; sat 10:00-13:00")
/// hours.isOpen(at: LocalDateTime(parsing: "2026-11-28T11:00:00")!)   // true (a Saturday)
/// hours.nextOpening(after: LocalDateTime(parsing: "2026-11-28T13:00:00")!)  // Monday 09:00
/// ```
public struct BusinessHours: Sendable, Hashable {
    /// One opening interval of a day: open from `opens` (inclusive) to `closes` (exclusive).
    public struct Interval: Sendable, Hashable {
        public var opens: LocalTime
        public var closes: LocalTime

        public init(opens: LocalTime, closes: LocalTime) {
            self.opens = opens
            self.closes = closes
        }

        public func contains(_ time: LocalTime) -> Bool { opens <= time && time < closes }

        /// Whether `[start, start + minutes)` lies inside the interval.
        public func contains(start: LocalTime, minutes: Int) -> Bool {
            opens <= start && start.minutes + minutes <= closes.minutes
        }
    }

    /// Intervals per weekday (index 0 is Monday), sorted and not overlapping.
    private var week: [[Interval]]

    /// Parses the configuration grammar above; the error names the clause that failed.
    public init(parsing text: String) throws(BusinessHoursError) {
        week = Array(repeating: [], count: 7)
        for clause in text.split(separator: ";") {
            let trimmed = clause.trimmingWhitespace
            guard !trimmed.isEmpty else { continue }
            // The days run up to the first word that starts the hours: a digit or "closed".
            let words = trimmed.split(whereSeparator: \.isWhitespace)
            guard let hoursStart = words.firstIndex(where: { $0.first?.isNumber == true || $0.lowercased() == "closed" }),
                  hoursStart > 0
            else {
                throw BusinessHoursError(clause: trimmed, problem: "expected days then hours, like \"mon-fri 09:00-17:00\"")
            }
            let days = try Self.parseDays(Substring(words[..<hoursStart].joined()), clause: trimmed)
            let intervals = try Self.parseIntervals(Substring(words[hoursStart...].joined(separator: " ")), clause: trimmed)
            for day in days { week[day.index] = intervals }
        }
    }

    /// The intervals of `weekday`, earliest first (empty when closed all day).
    public func intervals(on weekday: Weekday) -> [Interval] { week[weekday.index] }

    public func intervals(on date: LocalDate) -> [Interval] { intervals(on: date.weekday) }

    public func isOpen(on date: LocalDate) -> Bool { !intervals(on: date).isEmpty }

    /// True when no day has any opening.
    public var isAlwaysClosed: Bool { week.allSatisfy(\.isEmpty) }

    public func isOpen(at moment: LocalDateTime) -> Bool {
        intervals(on: moment.date).contains { $0.contains(moment.time) }
    }

    /// The next time the business opens strictly after `moment` (an interval's start), or `nil`
    /// when it never opens. An interval that is already running at `moment` does not count.
    public func nextOpening(after moment: LocalDateTime) -> LocalDateTime? {
        guard !isAlwaysClosed else { return nil }
        for offset in 0...7 {
            let date = moment.date.adding(days: offset)
            for interval in intervals(on: date) where offset > 0 || interval.opens > moment.time {
                return LocalDateTime(date: date, time: interval.opens)
            }
        }
        return nil
    }

    // MARK: Parsing

    private static func parseDays(_ text: Substring, clause: Substring) throws(BusinessHoursError) -> [Weekday] {
        var days: [Weekday] = []
        for item in text.split(separator: ",") {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            guard let first = ends.first.flatMap({ Weekday(parsing: $0) }), ends.count <= 2 else {
                throw BusinessHoursError(clause: clause, problem: "\"\(item)\" is not a day or a range of days")
            }
            guard ends.count == 2 else {
                days.append(first)
                continue
            }
            guard let last = Weekday(parsing: ends[1]) else {
                throw BusinessHoursError(clause: clause, problem: "\"\(ends[1])\" is not a day")
            }
            let count = (last.index - first.index + 7) % 7 + 1
            days += (0..<count).map { Weekday.allCases[(first.index + $0) % 7] }
        }
        return days
    }

    private static func parseIntervals(_ text: Substring, clause: Substring) throws(BusinessHoursError) -> [Interval] {
        if text.lowercased() == "closed" { return [] }
        var intervals: [Interval] = []
        for item in text.split(separator: ",") {
            let ends = item.trimmingWhitespace.split(separator: "-")
            guard ends.count == 2, let opens = LocalTime(parsing: ends[0]), let closes = LocalTime(parsing: ends[1]) else {
                throw BusinessHoursError(clause: clause, problem: "\"\(item.trimmingWhitespace)\" is not a range like 09:00-17:00")
            }
            guard opens < closes else {
                throw BusinessHoursError(clause: clause, problem: "\(opens)-\(closes) closes before it opens")
            }
            intervals.append(Interval(opens: opens, closes: closes))
        }
        intervals.sort { $0.opens < $1.opens }
        for (earlier, later) in zip(intervals, intervals.dropFirst()) where later.opens < earlier.closes {
            throw BusinessHoursError(clause: clause, problem: "\(earlier.opens)-\(earlier.closes) overlaps \(later.opens)-\(later.closes)")
        }
        return intervals
    }
}

/// A configuration string that is not valid business hours.
public struct BusinessHoursError: Error, CustomStringConvertible {
    public let clause: String
    public let problem: String

    init(clause: some StringProtocol, problem: String) {
        self.clause = String(clause)
        self.problem = problem
    }

    public var description: String { "invalid hours \"\(clause)\": \(problem)" }
}
