import SmartDeskPluginKit

/// Everything the scheduling skill says, in one place (pure, so the wording can be checked
/// without a host).
enum SchedulingReplies {
    // MARK: Questions (the declared slot questions)

    static let askDate = "What day would you like to come in?"
    static let askTime = "What time works best for you?"

    // MARK: Booking

    /// The read-back; `alsoBooked`: the caller's next appointment, named so that a caller who
    /// meant to move it hears that this would be another one.
    static func offerBooking(_ start: LocalDateTime, alsoBooked: Appointment? = nil) -> String {
        guard let other = alsoBooked else { return "I can book you for \(Spoken.dateTime(start)). Shall I book it?" }
        return "I can book you for \(Spoken.dateTime(start)) as well as your \(Spoken.date(other.start.date)) appointment. Shall I book it?"
    }

    static func booked(_ appointment: Appointment) -> String {
        "You're booked for \(Spoken.dateTime(appointment.start)). Your confirmation number is \(appointment.confirmationNumber)."
    }

    static let notBooked = "Okay, I haven't booked anything."

    static func alreadyBooked(_ appointment: Appointment) -> String {
        "You already have an appointment on \(Spoken.dateTime(appointment.start)). "
            + "Your confirmation number is \(appointment.confirmationNumber)."
    }

    // MARK: Rescheduling

    static let nothingToReschedule = "You don't have any upcoming appointments to reschedule. Would you like to book one?"

    static func askNewDate(current: Appointment) -> String {
        "Your appointment is on \(Spoken.dateTime(current.start)). What day would you like instead?"
    }

    static func askNewTime(current: Appointment, on date: LocalDate) -> String {
        "What time on \(Spoken.date(date)) would you like instead of \(Spoken.time(current.start.time))?"
    }

    static func alreadyThen(_ current: Appointment) -> String {
        "Your appointment is already on \(Spoken.dateTime(current.start)). What day would you like instead?"
    }

    static func offerMove(_ current: Appointment, to start: LocalDateTime) -> String {
        "I can move your appointment from \(Spoken.dateTime(current.start)) to \(Spoken.dateTime(start)). Shall I do that?"
    }

    static func moved(to start: LocalDateTime) -> String {
        "Done. Your appointment is now on \(Spoken.dateTime(start))."
    }

    static func kept(_ appointment: Appointment) -> String {
        "Okay, I've kept your appointment on \(Spoken.dateTime(appointment.start))."
    }

    // MARK: Cancelling

    static let nothingToCancel = "You don't have any upcoming appointments to cancel."

    static func askCancel(_ appointment: Appointment) -> String {
        "Do you want to cancel your appointment on \(Spoken.dateTime(appointment.start))?"
    }

    static func cancelled(_ appointment: Appointment) -> String {
        "Okay, I've cancelled your appointment on \(Spoken.dateTime(appointment.start))."
    }

    // MARK: Listing and hours

    /// At most this many appointments are read out.
    static let listLimit = 3

    static func list(_ appointments: [Appointment]) -> String {
        let spoken = appointments.prefix(listLimit).map { Spoken.dateTime($0.start) }
        switch appointments.count {
        case 0: return "You don't have any appointments booked."
        case 1...listLimit:
            return "You have \(Spoken.count(appointments.count, "appointment")): \(Spoken.list(spoken))."
        default:
            return "You have \(Spoken.count(appointments.count, "appointment")). "
                + "The next \(Spoken.number(listLimit)) are \(Spoken.list(spoken))."
        }
    }

    static func hours(_ hours: BusinessHours) -> String {
        hours.isAlwaysClosed ? "We don't have any opening hours set at the moment." : "We're open \(hours.spokenSummary)."
    }

    static let noCallerID = "I can't see the number you're calling from, so I can't look up or book appointments for you."

    // MARK: Unavailable times

    /// Why `start` cannot be booked and what to offer, plus the slot to ask next (`nil` when
    /// there is nothing to offer).
    static func unavailable(
        _ verdict: Availability.Verdict, requested start: LocalDateTime, hours: BusinessHours
    ) -> (text: String, ask: String?) {
        let date = Spoken.date(start.date)
        let time = Spoken.time(start.time)
        switch verdict {
        case .free:
            return ("", nil)
        case .dayUnavailable(let problem, let next):
            let why = switch problem {
            case .passed: "Sorry, \(date) has already passed."
            case .closed: "Sorry, we're closed on \(date)."
            case .full: "Sorry, I don't have any free times left on \(date)."
            }
            guard let next else {
                return ("\(why) I'm afraid I don't have any free times in the coming weeks.", nil)
            }
            let offer = "The next day I can book is \(Spoken.date(next.date)), with the first opening at \(Spoken.time(next.time))."
            return ("\(why) \(offer) Which day would you like?", "date")
        case .timeUnavailable(let problem, let alternatives):
            let why = switch problem {
            case .passed: "Sorry, \(time) on \(date) has already passed."
            case .taken: "Sorry, \(time) on \(date) is taken."
            case .tooCloseToClosing: "Sorry, \(time) on \(date) is too close to closing."
            case .outsideHours:
                "Sorry, \(time) on \(date) is outside our hours. We're open \(hours.spokenHours(on: start.date.weekday)) that day."
            }
            let times = alternatives.map(Spoken.time)
            let offer = times.count == 1
                ? "The only time I still have that day is \(times[0]). What time would you like?"
                : "The nearest times I have are \(Spoken.list(times)). Which would you like?"
            return ("\(why) \(offer)", "time")
        }
    }
}
