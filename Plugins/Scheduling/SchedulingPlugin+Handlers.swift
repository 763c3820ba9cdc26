import Foundation
import SmartDeskPluginKit
import Locks

/// The intent handlers. Each reads the turn, does its calendar work in one locked step (one
/// transaction where it writes), then says one thing and asks at most one slot.
extension SchedulingPlugin {
    /// What a locked calendar step found.
    private enum Outcome: Sendable {
        /// The time can be booked (or moved to); read it back, with the caller's other upcoming
        /// appointment when booking (a caller who meant to move it hears that this is another).
        case available(alsoBooked: Appointment? = nil)
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
        guard let time = turn.slot("time").flatMap({ LocalTime(parsing: $0) }) else {
            // A day that cannot be booked (closed, passed, full) is said at once, before any time
            // is asked for ("this Sunday" → "we're closed on Sundays; the next free time is …").
            let dayEnd = LocalDateTime(date: date, time: LocalTime(hour: 23, minute: 59)!)
            let availability = self.availability
            let verdict = try withCalendar(now: now, availability) { calendar in
                try availability.check(dayEnd, now: now) { try calendar.busy(on: $0) }
            }
            if case .dayUnavailable = verdict {
                offer(verdict, requested: dayEnd, hours: availability.hours, on: turn)
            } else {
                turn.ask("time")
            }
            return
        }
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
                let upcoming = try calendar.upcoming(for: phone, from: now)
                if let existing = upcoming.first(where: { $0.start == start }) {
                    return .alreadyBooked(existing)
                }
                let verdict = try availability.check(start, now: now) { try calendar.busy(on: $0) }
                guard verdict == .free else { return .unavailable(verdict) }
                guard answer == .confirmed else { return .available(alsoBooked: upcoming.first) }
                return .done(try calendar.insert(phone: phone, name: name, start: start, minutes: availability.slotMinutes))
            }
        }
        switch outcome {
        case .available(let other):
            turn.askToConfirm(proposal, key: Self.proposalKey, question: SchedulingReplies.offerBooking(start, alsoBooked: other))
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
        // "push it back an hour": the same day, shifted; answered later by a yes to its read-back.
        // ("I'm down for Monday, could you push it back an hour": the day said is its own day.)
        let sameDaySaid = turn.slot("date").flatMap { LocalDate(parsing: $0) } == current.start.date
        let shifted = (turn.slot("date") == nil || sameDaySaid) && turn.slot("time") == nil
            ? Self.shift(of: current, said: turn) ?? Self.pendingMove(of: current, turn: turn) : nil
        // A time alone ("can we make it noon?") is on the appointment's own day; "same time" on
        // another day keeps its time.
        let sameDay = turn.slot("date") == nil && turn.slot("time") != nil ? current.start.date : nil
        let sameTime = turn.slot("time") == nil && turn.utterance.lowercased().contains("same time") ? current.start.time : nil
        if shifted == nil, sameDay == nil, turn.slot("date") == nil {
            turn.ask("date", question: SchedulingReplies.askNewDate(current: current))
            return
        }
        guard let date = shifted?.date ?? sameDay ?? turn.slot("date").flatMap({ LocalDate(parsing: $0) }) else {
            turn.ask("date", question: SchedulingReplies.askNewDate(current: current))
            return
        }
        // Answering the read-back of a move whose time the skill worked out ("same time"): that time.
        let pendingTime = Self.pendingMove(of: current, turn: turn).flatMap { $0.date == date ? $0.time : nil }
        guard let time = shifted?.time ?? sameTime ?? turn.slot("time").flatMap({ LocalTime(parsing: $0) }) ?? pendingTime else {
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
                guard answer == .confirmed else { return .available() }
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

    /// "push my appointment back by an hour", "bring it forward half an hour": the appointment's
    /// day at its time moved by the length said (a duration entity), later or earlier by the
    /// words around it; `nil` when nothing like that was said or the day would change.
    static func shift(of appointment: Appointment, said turn: Turn) -> LocalDateTime? {
        let words = Set(turn.utterance.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        let later = !words.isDisjoint(with: ["later", "back", "push", "after"])
        let earlier = !words.isDisjoint(with: ["earlier", "forward", "sooner", "before"])
        guard later != earlier, let minutes = durationMinutes(in: turn.entitiesJSON), minutes > 0, minutes < 12 * 60 else { return nil }
        let moved = appointment.start.time.minutes + (later ? minutes : -minutes)
        guard let time = LocalTime(minutes: moved) else { return nil }
        return LocalDateTime(date: appointment.start.date, time: time)
    }

    /// The move of `appointment` read back to the caller and not yet answered, when they answer it.
    static func pendingMove(of appointment: Appointment, turn: Turn) -> LocalDateTime? {
        guard turn.slot("confirm") != nil, let proposal = turn.value(proposalKey) else { return nil }
        let parts = proposal.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, parts[0] == "move", parts[1] == Substring(String(appointment.id)) else { return nil }
        return LocalDateTime(parsing: parts[2])
    }

    /// The first duration in the host's entities JSON (`[{"kind": "duration", "value": "60", …}]`).
    static func durationMinutes(in json: String) -> Int? {
        guard let data = json.data(using: .utf8),
              let entities = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return nil }
        return entities.first { $0["kind"] as? String == "duration" }.flatMap { ($0["value"] as? String).flatMap(Int.init) }
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
