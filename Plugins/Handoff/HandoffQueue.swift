import SmartDeskPluginKit

/// The queue in `handoff.sqlite`. Not thread-safe; the plugin keeps it behind its `Mutex`.
final class HandoffQueue: SQLiteStore {
    static let fileName = "handoff.sqlite"
    let database: SQLiteDatabase

    init(database: SQLiteDatabase) {
        self.database = database
    }

    static var migrations: [(SQLiteDatabase) throws -> Void] {
        [
            { db in
                try db.execute("""
                    CREATE TABLE handoffs (
                        id INTEGER PRIMARY KEY,
                        created_at TEXT NOT NULL,       -- the host's local time
                        caller_phone TEXT,
                        customer_name TEXT,
                        reason TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        callback_at TEXT,               -- set for callbacks
                        status TEXT NOT NULL CHECK (status IN ('pending', 'connected', 'callback'))
                    );
                    CREATE INDEX handoffs_by_status ON handoffs (status, id);
                    """)
            },
        ]
    }

    /// Queues a handoff, or updates entry `replacing` (the same call escalating again) when it
    /// still exists. Answers the entry's id.
    func record(
        replacing existing: Int?, createdAt: LocalDateTime, callerPhone: String?, customerName: String?,
        reason: String, summary: String, callbackAt: LocalDateTime?, status: HandoffEntry.Status
    ) throws -> Int {
        try database.transaction {
            if let existing, try database.run(
                "UPDATE handoffs SET reason = ?, summary = ?, callback_at = ?, status = ? WHERE id = ?",
                reason, summary, callbackAt, status.rawValue, existing
            ) == 1 {
                return existing
            }
            return try database.query(
                """
                INSERT INTO handoffs (created_at, caller_phone, customer_name, reason, summary, callback_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                createdAt, callerPhone, customerName, reason, summary, callbackAt, status.rawValue
            ) { $0.int(0) }.first ?? 0
        }
    }

    /// Entries still waiting for the team (`pending` transfers and `callback`s), oldest first.
    func waiting(limit: Int) throws -> [HandoffEntry] {
        try database.query(
            """
            SELECT id, created_at, caller_phone, customer_name, reason, summary, callback_at, status
            FROM handoffs WHERE status IN ('pending', 'callback') ORDER BY id LIMIT ?
            """,
            limit
        ) { row in
            HandoffEntry(
                id: row.int(0), createdAt: row.string(1), callerPhone: row.text(2), customerName: row.text(3),
                reason: row.string(4), summary: row.string(5), callbackAt: row.text(6),
                status: HandoffEntry.Status(rawValue: row.string(7)) ?? .pending
            )
        }
    }

    func waitingCount() throws -> Int {
        try database.query("SELECT count(*) FROM handoffs WHERE status IN ('pending', 'callback')") { $0.int(0) }.first ?? 0
    }
}
