import SmartDeskPluginKit
import Synchronization

/// The intent handlers. Each reads the turn, does its calendar work in one locked step (one
/// transaction where it writes), then says one thing and asks at most one slot.
extension SchedulingPlugin {
    /// What a locked calendar step found.
    private enum Outcome: Sendable {
        /// The time can be booked (or moved to); read it back.
        case available
        case unavailable(Availability.Verdict)
        case done(Appointment)
        /// The caller already has this very appointment.
        case alreadyBooked(Appointment)
        /// The appointment being moved is no longer booked (cancelled on another call).
        case gone
    }

    // MARK: scheduling.book

    func book(_ turn: Turn) throws {
        let now = try Self.now(turn)
        guard let phone = turn.caller.flatMap({ PhoneNumber.canonical($0) }) else {
            turn.say(SchedulingReplies.noCallerID)
            return
        }
        guard let date = turn.slot("date").flatMap({ LocalDate(parsing: $0) }) else { turn.ask("date"); return }
        guard let time = turn.slot("time").flatMap({ LocalTime(parsing: $0) }) else { turn.ask("time"); return }
        let start = LocalDateTime(date: date, time: time)
        let proposal = "book:\(start)"
        let answer = turn.confirmation(of: proposal, key: Self.proposalKey)
        if answer == .declined {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.notBooked)
            return
        }
        let name = turn.customer(as: CustomerName.self)?.name
        let availability = self.availability
        let outcome = try withCalendar(now: now, availability) { calendar in
            try calendar.transaction { () throws -> Outcome in
                if let existing = try calendar.upcoming(for: phone, from: now).first(where: { $0.start == start }) {
                    return .alreadyBooked(existing)
                }
                let verdict = try availability.check(start, now: now) { try calendar.busy(on: $0) }
                guard verdict == .free else { return .unavailable(verdict) }
                guard answer == .confirmed else { return .available }
                return .done(try calendar.insert(phone: phone, name: name, start: start, minutes: availability.slotMinutes))
            }
        }
        switch outcome {
        case .available:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: SchedulingReplies.offerBooking(start))
        case .unavailable(let verdict):
            offer(verdict, requested: start, hours: availability.hours, on: turn)
        case .done(let appointment):
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.booked(appointment))
        case .alreadyBooked(let appointment):
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.alreadyBooked(appointment))
        case .gone:
            break
        }
    }

    // MARK: scheduling.reschedule

    func reschedule(_ turn: Turn) throws {
        let now = try Self.now(turn)
        let availability = self.availability
        guard let phone = turn.caller.flatMap({ PhoneNumber.canonical($0) }) else {
            turn.say(SchedulingReplies.noCallerID)
            return
        }
        guard let current = try withCalendar(now: now, availability, { try $0.upcoming(for: phone, from: now).first }) else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.nothingToReschedule)
            return
        }
        guard let date = turn.slot("date").flatMap({ LocalDate(parsing: $0) }) else {
            turn.ask("date", question: SchedulingReplies.askNewDate(current: current))
            return
        }
        guard let time = turn.slot("time").flatMap({ LocalTime(parsing: $0) }) else {
            turn.ask("time", question: SchedulingReplies.askNewTime(current: current, on: date))
            return
        }
        let start = LocalDateTime(date: date, time: time)
        guard start != current.start else {
            turn.ask("date", question: SchedulingReplies.alreadyThen(current))
            return
        }
        let proposal = "move:\(current.id):\(start)"
        let answer = turn.confirmation(of: proposal, key: Self.proposalKey)
        if answer == .declined {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.kept(current))
            return
        }
        let outcome = try withCalendar(now: now, availability) { calendar in
            try calendar.transaction { () throws -> Outcome in
                let verdict = try availability.check(start, now: now) { try calendar.busy(on: $0, excluding: current.id) }
                guard verdict == .free else { return .unavailable(verdict) }
                guard answer == .confirmed else { return .available }
                guard var moved = try calendar.bookedAppointment(current.id) else { return .gone }
                try calendar.move(current.id, to: start)
                moved.start = start
                return .done(moved)
            }
        }
        switch outcome {
        case .available:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: SchedulingReplies.offerMove(current, to: start))
        case .unavailable(let verdict):
            offer(verdict, requested: start, hours: availability.hours, on: turn)
        case .done(let appointment):
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.moved(to: appointment.start))
        case .gone, .alreadyBooked:
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.nothingToReschedule)
        }
    }

    // MARK: scheduling.cancel

    func cancel(_ turn: Turn) throws {
        let now = try Self.now(turn)
        guard let phone = turn.caller.flatMap({ PhoneNumber.canonical($0) }) else {
            turn.say(SchedulingReplies.noCallerID)
            return
        }
        guard let current = try withCalendar(now: now, availability, { try $0.upcoming(for: phone, from: now).first }) else {
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.nothingToCancel)
            return
        }
        let proposal = "cancel:\(current.id)"
        switch turn.confirmation(of: proposal, key: Self.proposalKey) {
        case .unasked:
            turn.askToConfirm(proposal, key: Self.proposalKey, question: SchedulingReplies.askCancel(current))
        case .declined:
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.kept(current))
        case .confirmed:
            try withCalendar(now: now, availability) { try $0.cancel(current.id) }
            turn.forgetProposal(key: Self.proposalKey)
            turn.say(SchedulingReplies.cancelled(current))
        }
    }

    // MARK: scheduling.list, scheduling.hours

    func list(_ turn: Turn) throws {
        let now = try Self.now(turn)
        guard let phone = turn.caller.flatMap({ PhoneNumber.canonical($0) }) else {
            turn.say(SchedulingReplies.noCallerID)
            return
        }
        let appointments = try withCalendar(now: now, availability) { try $0.upcoming(for: phone, from: now) }
        turn.say(SchedulingReplies.list(appointments))
    }

    func hours(_ turn: Turn) {
        turn.say(SchedulingReplies.hours(availability.hours))
    }

    // MARK: Helpers

    /// Says why the requested time is unavailable, offers what is free, and asks again.
    private func offer(
        _ verdict: Availability.Verdict, requested start: LocalDateTime, hours: BusinessHours, on turn: Turn
    ) {
        turn.forgetProposal(key: Self.proposalKey)
        let reply = SchedulingReplies.unavailable(verdict, requested: start, hours: hours)
        if let slot = reply.ask {
            turn.ask(slot, question: reply.text)
        } else {
            turn.say(reply.text)
        }
    }

    /// Runs `body` on the calendar under the lock, seeding it first when this is its first use.
    private func withCalendar<Result: Sendable>(
        now: LocalDateTime, _ availability: Availability, _ body: (AppointmentBook) throws -> Result
    ) throws -> Result {
        try calendar.withLock { calendar in
            try calendar.seedIfNeeded(today: now.date, availability: availability)
            return try body(calendar)
        }
    }

    /// The host's clock for this turn.
    private static func now(_ turn: Turn) throws -> LocalDateTime {
        guard let now = LocalDateTime(parsing: turn.now) else {
            throw SchedulingError("the host's clock reads \"\(turn.now)\", not YYYY-MM-DDTHH:MM:SS")
        }
        return now
    }
}

/// The part of the shared customer record this plugin reads.
private struct CustomerName: Decodable {
    var name: String?
}
