import SmartDeskPluginKit

/// The calendar in `scheduling.sqlite`: schema, demo seed and the queries the handlers and tools
/// need. Not thread-safe; the plugin keeps it behind its `Mutex`.
final class AppointmentBook: SQLiteStore {
    static let fileName = "scheduling.sqlite"
    let database: SQLiteDatabase
    /// Cached once the seed is known to be in the file.
    private var isSeeded = false

    init(database: SQLiteDatabase) {
        self.database = database
    }

    static var migrations: [(SQLiteDatabase) throws -> Void] {
        [
            { db in
                try db.execute("""
                    CREATE TABLE appointments (
                        id INTEGER PRIMARY KEY,
                        phone TEXT NOT NULL,
                        name TEXT,
                        start_date TEXT NOT NULL,   -- YYYY-MM-DD
                        start_time TEXT NOT NULL,   -- HH:MM
                        minutes INTEGER NOT NULL,
                        status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled'))
                    );
                    CREATE INDEX appointments_by_day ON appointments (start_date, status);
                    CREATE INDEX appointments_by_phone ON appointments (phone, status);
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """)
            },
        ]
    }

    func transaction<Result>(_ body: () throws -> Result) throws -> Result {
        try database.transaction(body)
    }

    // MARK: Demo seed

    /// Other people's appointments, so that the calendar is not empty in a demo.
    private static let demoPeople = [
        ("+15550100101", "Olivia Grant"), ("+15550100102", "Noah Patel"), ("+15550100103", "Emma Torres"),
        ("+15550100104", "Liam Chen"), ("+15550100105", "Ava Brooks"), ("+15550100106", "Ethan Novak"),
        ("+15550100107", "Mia Santos"),
    ]
    /// The demo customer with an appointment of her own (the same people as the other plugins).
    static let demoCustomer = (phone: "+15551230001", name: "Dana Whitfield")
    /// Her appointment's id: bookings made on calls follow it (A-1001, A-1002, …).
    static let demoCustomerAppointmentID = 1000

    /// Seeds the calendar the first time it is used, from that day (`today`): for each of 21 days,
    /// other people at 10:00 and 14:00 when the business is open for a whole appointment then, and
    /// Dana Whitfield on the first Monday after `today` at 11:00.
    func seedIfNeeded(today: LocalDate, availability: Availability) throws {
        guard !isSeeded else { return }
        try database.transaction {
            let seededFrom = try database.query("SELECT value FROM meta WHERE key = 'seeded_from'") { $0.string(0) }
            guard seededFrom.isEmpty else { return }
            var person = 0
            for offset in 0..<21 {
                let date = today.adding(days: offset)
                let intervals = availability.hours.intervals(on: date)
                for time in [LocalTime(hour: 10)!, LocalTime(hour: 14)!]
                where intervals.contains(where: { $0.contains(start: time, minutes: availability.slotMinutes) }) {
                    let (phone, name) = Self.demoPeople[person % Self.demoPeople.count]
                    person += 1
                    try database.run(
                        "INSERT INTO appointments (phone, name, start_date, start_time, minutes) VALUES (?, ?, ?, ?, ?)",
                        phone, name, date, time, availability.slotMinutes
                    )
                }
            }
            try database.run(
                "INSERT INTO appointments (id, phone, name, start_date, start_time, minutes) VALUES (?, ?, ?, ?, ?, ?)",
                Self.demoCustomerAppointmentID, Self.demoCustomer.phone, Self.demoCustomer.name,
                today.next(.monday), LocalTime(hour: 11)!, availability.slotMinutes
            )
            try database.run("INSERT INTO meta (key, value) VALUES ('seeded_from', ?)", today)
        }
        isSeeded = true
    }

    // MARK: Queries

    /// The busy minutes of `date`, leaving out appointment `excluding` (the one being moved).
    func busy(on date: LocalDate, excluding: Int? = nil) throws -> Availability.BusyTimes {
        try database.query(
            "SELECT start_time, minutes FROM appointments WHERE start_date = ? AND status = 'booked' AND id IS NOT ?",
            date, excluding
        ) { row in
            let start = LocalTime(parsing: row.string(0))?.minutes ?? 0
            return start..<(start + row.int(1))
        }
    }

    /// The booked appointments of `phone` that start at `now` or later, earliest first.
    func upcoming(for phone: String, from now: LocalDateTime) throws -> [Appointment] {
        try select(
            """
            WHERE phone = ? AND status = 'booked' AND (start_date > ? OR (start_date = ? AND start_time >= ?))
            ORDER BY start_date, start_time
            """,
            phone, now.date, now.date, now.time
        )
    }

    /// Every appointment of `phone`, booked or cancelled, past or upcoming, earliest first.
    func all(for phone: String) throws -> [Appointment] {
        try select("WHERE phone = ? ORDER BY start_date, start_time, id", phone)
    }

    /// How many booked (not cancelled) appointments `phone` has, on any day.
    func bookedCount(for phone: String) throws -> Int {
        try database.query("SELECT count(*) FROM appointments WHERE phone = ? AND status = 'booked'", phone) {
            $0.int(0)
        }.first ?? 0
    }

    func insert(phone: String, name: String?, start: LocalDateTime, minutes: Int) throws -> Appointment {
        let id = try database.query(
            "INSERT INTO appointments (phone, name, start_date, start_time, minutes) VALUES (?, ?, ?, ?, ?) RETURNING id",
            phone, name, start.date, start.time, minutes
        ) { $0.int(0) }.first ?? 0
        return Appointment(id: id, phone: phone, name: name, start: start, minutes: minutes, status: .booked)
    }

    func move(_ id: Int, to start: LocalDateTime) throws {
        try database.run("UPDATE appointments SET start_date = ?, start_time = ? WHERE id = ?", start.date, start.time, id)
    }

    func cancel(_ id: Int) throws {
        try database.run("UPDATE appointments SET status = 'cancelled' WHERE id = ?", id)
    }

    /// A booked appointment by id, or `nil` when it is gone or cancelled.
    func bookedAppointment(_ id: Int) throws -> Appointment? {
        try select("WHERE id = ? AND status = 'booked'", id).first
    }

    private func select(_ clause: String, _ parameters: any SQLiteBindable...) throws -> [Appointment] {
        try database.query(
            "SELECT id, phone, name, start_date, start_time, minutes, status FROM appointments " + clause,
            parameters: parameters
        ) { row in
            guard let date = LocalDate(parsing: row.string(3)), let time = LocalTime(parsing: row.string(4)) else {
                throw SchedulingError("appointment \(row.int(0)) has an unreadable start \(row.string(3)) \(row.string(4))")
            }
            return Appointment(
                id: row.int(0), phone: row.string(1), name: row.text(2), start: LocalDateTime(date: date, time: time),
                minutes: row.int(5), status: Appointment.Status(rawValue: row.string(6)) ?? .cancelled
            )
        }
    }
}

/// Something in the plugin's own data or input that makes a handler give up (the caller hears the
/// host's apology; the message goes to the log).
struct SchedulingError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
