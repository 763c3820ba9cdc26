extension BusinessHours {
    /// The week said in one phrase, consecutive days with the same hours grouped:
    /// "Monday to Friday, 9 AM to 5 PM, and Saturday 10 AM to 1 PM"; empty when always closed.
    public var spokenSummary: String {
        var groups: [(first: Weekday, last: Weekday, intervals: [Interval])] = []
        for day in Weekday.allCases {
            let intervals = intervals(on: day)
            guard !intervals.isEmpty else { continue }
            if let previous = groups.last, previous.intervals == intervals, previous.last.index + 1 == day.index {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, intervals))
            }
        }
        let phrases = groups.map { group -> String in
            let hours = Self.spoken(group.intervals)
            switch group.last.index - group.first.index {
            case 0: return "\(group.first.name) \(hours)"
            case 1: return "\(group.first.name) and \(group.last.name), \(hours)"
            default: return "\(group.first.name) to \(group.last.name), \(hours)"
            }
        }
        switch phrases.count {
        case 0, 1: return phrases.first ?? ""
        default: return phrases.dropLast().joined(separator: ", ") + ", and " + phrases[phrases.count - 1]
        }
    }

    /// One day's hours: "9 AM to 5 PM", "9 AM to 12 PM and 1 PM to 5 PM"; empty when closed.
    public func spokenHours(on weekday: Weekday) -> String { Self.spoken(intervals(on: weekday)) }

    private static func spoken(_ intervals: [Interval]) -> String {
        Spoken.list(intervals.map { "\(Spoken.time($0.opens)) to \(Spoken.time($0.closes))" })
    }
}
