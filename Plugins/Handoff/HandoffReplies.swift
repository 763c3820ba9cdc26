import SmartDeskPluginKit

/// Everything the handoff skill says.
enum HandoffReplies {
    static let connecting = "I'm connecting you with a member of our team now. I've passed on what we've discussed."

    /// After hours: "…someone will call you back at 9 AM tomorrow."
    static func callback(at opening: LocalDateTime?, now: LocalDateTime) -> String {
        let when = opening.map { Spoken.relative($0, from: now) } ?? "as soon as they can"
        return "Our team isn't available right now. I've passed on what we've discussed, and someone will call you back \(when)."
    }

    /// After hours without a caller ID, so nobody can call back.
    static func callAgain(at opening: LocalDateTime?, now: LocalDateTime) -> String {
        guard let opening else {
            return "Our team isn't available right now, and I can't see the number you're calling from. "
                + "I've passed on what we've discussed; please call us again later."
        }
        return "Our team isn't available right now, and I can't see the number you're calling from. "
            + "I've passed on what we've discussed; please call us again \(Spoken.relative(opening, from: now))."
    }
}
