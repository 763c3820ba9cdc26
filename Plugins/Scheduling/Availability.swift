import SmartDeskPluginKit

/// Whether an appointment can start at a given moment, and what to offer instead when it cannot.
/// Pure: the busy times of a day come from the caller (`busy`), the clock from `now`.
///
/// Appointments may start at any minute that fits; the times offered (and the free-slot tool) are
/// the day's grid: every `slotMinutes` from each opening, while a whole appointment still fits.
struct Availability: Sendable {
    var hours: BusinessHours
    var slotMinutes: Int
    /// How far ahead `check` looks for the next day with a free time.
    var searchDays = 60

    enum DayProblem: Equatable {
        case passed
        case closed
        case full
    }

    enum TimeProblem: Equatable {
        case passed
        case outsideHours
        /// Starts inside the hours but would run past closing.
        case tooCloseToClosing
        case taken
    }

    enum Verdict: Equatable {
        case free
        /// Nothing can be booked that day; `next` is the first free time on a later day (or on
        /// today, for a day in the past), `nil` when none within `searchDays`.
        case dayUnavailable(DayProblem, next: LocalDateTime?)
        /// That time cannot be booked; `alternatives` are the nearest free times the same day
        /// (one or two, chronological).
        case timeUnavailable(TimeProblem, alternatives: [LocalTime])
    }

    /// Busy minutes of a day: `[start, end)` in minutes since midnight.
    typealias BusyTimes = [Range<Int>]

    func check(
        _ start: LocalDateTime, now: LocalDateTime, busy: (LocalDate) throws -> BusyTimes
    ) rethrows -> Verdict {
        let date = start.date
        if date < now.date {
            return .dayUnavailable(.passed, next: try nextFreeTime(from: now.date, now: now, busy: busy))
        }
        guard hours.isOpen(on: date) else {
            return .dayUnavailable(.closed, next: try nextFreeTime(from: date.adding(days: 1), now: now, busy: busy))
        }
        let busyToday = try busy(date)
        let problem: TimeProblem
        if date == now.date && start.time <= now.time {
            problem = .passed
        } else if let interval = hours.intervals(on: date).first(where: { $0.contains(start.time) }) {
            if !interval.contains(start: start.time, minutes: slotMinutes) {
                problem = .tooCloseToClosing
            } else if overlaps(start.time, busyToday) {
                problem = .taken
            } else {
                return .free
            }
        } else {
            problem = .outsideHours
        }
        let free = freeTimes(on: date, busy: busyToday, now: now)
        guard !free.isEmpty else {
            return .dayUnavailable(.full, next: try nextFreeTime(from: date.adding(days: 1), now: now, busy: busy))
        }
        return .timeUnavailable(problem, alternatives: Self.nearest(2, to: start.time, in: free))
    }

    /// The day's grid times an appointment could start at: not overlapping `busy`, and after
    /// `now` when given (the free-slot tool has no clock and passes `nil`).
    func freeTimes(on date: LocalDate, busy: BusyTimes, now: LocalDateTime?) -> [LocalTime] {
        var free: [LocalTime] = []
        for interval in hours.intervals(on: date) {
            var minutes = interval.opens.minutes
            while minutes + slotMinutes <= interval.closes.minutes {
                let time = LocalTime(minutes: minutes)!
                let isPast = now.map { date < $0.date || (date == $0.date && time <= $0.time) } ?? false
                if !isPast && !overlaps(time, busy) { free.append(time) }
                minutes += slotMinutes
            }
        }
        return free
    }

    /// The first free time on `from` or a later day, within `searchDays`.
    func nextFreeTime(
        from first: LocalDate, now: LocalDateTime, busy: (LocalDate) throws -> BusyTimes
    ) rethrows -> LocalDateTime? {
        for offset in 0..<searchDays {
            let date = first.adding(days: offset)
            guard hours.isOpen(on: date) else { continue }
            if let time = freeTimes(on: date, busy: try busy(date), now: now).first {
                return LocalDateTime(date: date, time: time)
            }
        }
        return nil
    }

    /// The `count` times closest to `time` (an earlier one wins a tie), in chronological order.
    static func nearest(_ count: Int, to time: LocalTime, in free: [LocalTime]) -> [LocalTime] {
        let byDistance = free.enumerated().sorted { a, b in
            let distanceA = abs(a.element.minutes - time.minutes)
            let distanceB = abs(b.element.minutes - time.minutes)
            return distanceA != distanceB ? distanceA < distanceB : a.offset < b.offset
        }
        return byDistance.prefix(count).map(\.element).sorted()
    }

    private func overlaps(_ start: LocalTime, _ busy: BusyTimes) -> Bool {
        let wanted = start.minutes..<(start.minutes + slotMinutes)
        return busy.contains { $0.overlaps(wanted) }
    }
}
