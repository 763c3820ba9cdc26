import SmartDeskPluginKit
import Locks

extension SchedulingPlugin {
    /// Arguments of `scheduling_free_slots`.
    struct FreeSlotsRequest: Decodable, Sendable {
        var date: String
    }

    /// Result of `scheduling_free_slots`: `{"date":"2026-12-01","free":["09:00","09:30",…]}`.
    struct FreeSlots: Encodable, Sendable {
        var date: String
        var free: [String]
    }

    /// Arguments of `scheduling_appointments`.
    struct AppointmentsRequest: Decodable, Sendable {
        var phone: String
    }

    /// Result of `scheduling_appointments`:
    /// `{"phone":"+15551230001","appointments":[{"confirmation":"A-1000","start":"2026-11-30T11:00","minutes":30,"status":"booked"}]}`.
    struct AppointmentList: Encodable, Sendable {
        struct Entry: Encodable, Sendable {
            var confirmation: String
            var start: String
            var minutes: Int
            var status: String
        }

        var phone: String
        var appointments: [Entry]
    }

    func registerTools(on context: PluginContext) throws {
        try context.registerTool(
            name: "scheduling_free_slots",
            description: "The start times (HH:MM) still free on a day, on the appointment grid. Empty when closed.",
            parameters: #"{"type":"object","properties":{"date":{"type":"string","description":"the day, YYYY-MM-DD"}},"required":["date"]}"#,
            model: PluginContext.ModelAccess()
        ) { [weak self] (request: FreeSlotsRequest) throws -> FreeSlots in
            guard let self else { throw SchedulingError("the scheduling plugin is unloading") }
            return try freeSlots(request)
        }
        try context.registerTool(
            name: "scheduling_appointments",
            description: "Every appointment of a phone number (booked or cancelled, past or upcoming), earliest first.",
            parameters: #"{"type":"object","properties":{"phone":{"type":"string","description":"the customer's phone number, e.g. +15551230001"}},"required":["phone"]}"#,
            model: PluginContext.ModelAccess(callerParameter: "phone")
        ) { [weak self] (request: AppointmentsRequest) throws -> AppointmentList in
            guard let self else { throw SchedulingError("the scheduling plugin is unloading") }
            return try appointments(request)
        }
        try context.registerTypedTool(
            name: "scheduling_appointment_count",
            description: "How many appointments (booked, not cancelled, on any day) a phone number has; -1 when the calendar cannot be read",
            parameter: ("phone", "the customer's phone number, e.g. +15551230001"), model: PluginContext.ModelAccess(callerParameter: "phone"),
            function: AppointmentCountTool.function
        )
    }

    /// The phone's appointments. Before the first call seeds the calendar, the list is empty.
    func appointments(_ request: AppointmentsRequest) throws -> AppointmentList {
        guard let phone = PhoneNumber.canonical(request.phone) else {
            throw SchedulingError("phone must be a phone number, not \"\(request.phone)\"")
        }
        let rows = try calendar.withLock { try $0.all(for: phone) }
        return AppointmentList(phone: phone, appointments: rows.map { row in
            .init(confirmation: row.confirmationNumber, start: "\(row.start.date)T\(row.start.time)", minutes: row.minutes,
                  status: row.status.rawValue)
        })
    }

    /// The grid times free on the day. Tools have no clock, so past times of today are listed too;
    /// before the first call seeds the calendar, every time in the hours is free.
    func freeSlots(_ request: FreeSlotsRequest) throws -> FreeSlots {
        guard let date = LocalDate(parsing: request.date) else {
            throw SchedulingError("date must be YYYY-MM-DD, not \"\(request.date)\"")
        }
        let busy = try calendar.withLock { try $0.busy(on: date) }
        let free = availability.freeTimes(on: date, busy: busy, now: nil)
        return FreeSlots(date: date.description, free: free.map(\.description))
    }
}

/// `int64_t scheduling_appointment_count(const char *phone)`.
///
/// A typed tool is a plain C function the host calls through libffi: `SDTypedToolSpec` carries no
/// userdata, so it cannot capture the plugin instance like the closures of intents and JSON tools
/// do. It reads the calendar through `SchedulingPlugin.live`, a static lock box that each
/// generation fills when it loads and empties when it is unloaded (the newest generation wins
/// during a reload), so it always answers from the current calendar and never from a closed one.
enum AppointmentCountTool {
    static let function: @convention(c) (UnsafePointer<CChar>?) -> Int64 = { phone in
        guard let text = phone.flatMap({ String(validatingCString: $0) }),
              let canonical = PhoneNumber.canonical(text)
        else { return 0 }
        guard let plugin = SchedulingPlugin.live.instance,
              let count = try? plugin.calendar.withLock({ try $0.bookedCount(for: canonical) })
        else { return -1 }
        return Int64(count)
    }
}
