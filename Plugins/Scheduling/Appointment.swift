import SmartDeskPluginKit

/// One row of the calendar.
struct Appointment: Sendable, Equatable {
    enum Status: String, Sendable {
        case booked
        case cancelled
    }

    var id: Int
    var phone: String
    var name: String?
    var start: LocalDateTime
    var minutes: Int
    var status: Status

    /// What the caller is told: "A-1001".
    var confirmationNumber: String { "A-\(id)" }

    /// `[start, end)` in minutes since midnight on its day.
    var busyMinutes: Range<Int> { start.time.minutes..<(start.time.minutes + minutes) }
}
