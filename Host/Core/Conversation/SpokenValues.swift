/// Values the caller said, spoken back the way the bundled skills read them back: "Saturday,
/// November 28th at 11 AM", "$60.00". A clarifying question names them, so the caller hears what
/// was understood before saying yes.
enum SpokenValues {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    /// The date, time and amount among `entities` (the first of each), as one phrase; nil when
    /// none is there.
    static func phrase(_ entities: [Entity]) -> String? {
        var day: CalendarDay?
        var part: PartOfDay?
        var time: String?
        var amount: String?
        for entity in entities {
            switch entity.value {
            case .date(let date, let partOfDay) where day == nil:
                day = date
                part = partOfDay
            case .time(let hour, let minute, _) where time == nil:
                time = spoken(hour: hour, minute: minute)
            case .money(let cents) where amount == nil:
                amount = "$\(cents / 100)." + (cents % 100 < 10 ? "0" : "") + "\(cents % 100)"
            case .wholeAmount where amount == nil:
                amount = "the full amount"
            default:
                break
            }
        }
        // "Friday afternoon at three thirty": the time says more than the part of the day.
        let date = day.map { spoken($0) + (time == nil ? part.map { " in the \($0.rawValue)" } ?? "" : "") }
        let when = [date, time].compactMap { $0 }.joined(separator: " at ")
        let parts = [when.isEmpty ? nil : when, amount].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// "Saturday, November 28th".
    static func spoken(_ day: CalendarDay) -> String {
        let suffix: String
        switch day.day {
        case 11, 12, 13: suffix = "th"
        default:
            switch day.day % 10 {
            case 1: suffix = "st"
            case 2: suffix = "nd"
            case 3: suffix = "rd"
            default: suffix = "th"
            }
        }
        return "\(weekdays[day.weekday - 1]), \(months[day.month - 1]) \(day.day)\(suffix)"
    }

    /// "11 AM", "3:30 PM", "12 PM".
    static func spoken(hour: Int, minute: Int) -> String {
        let twelve = hour % 12 == 0 ? 12 : hour % 12
        return (minute == 0 ? "\(twelve)" : "\(twelve):" + (minute < 10 ? "0" : "") + "\(minute)") + (hour < 12 ? " AM" : " PM")
    }
}
