import Core
import Foundation

/// The one schema both stores share, its versioned migrations (applied at start, once, under a
/// lock so two hosts starting together on one PostgreSQL do not race), and the batched insert.
public enum Schema {
    /// Each entry is one version; never edit a released one, append.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE events (
                id TEXT PRIMARY KEY, call_id TEXT NOT NULL, at_ms BIGINT NOT NULL, kind TEXT NOT NULL,
                host TEXT, transport TEXT, caller TEXT, turn INTEGER, utterance TEXT, intent TEXT, path TEXT,
                confidence DOUBLE PRECISION, outcome TEXT,
                endpointing_ms DOUBLE PRECISION, recognition_ms DOUBLE PRECISION, classification_ms DOUBLE PRECISION,
                skill_ms DOUBLE PRECISION, llm_first_token_ms DOUBLE PRECISION, first_audio_ms DOUBLE PRECISION,
                end_to_end_ms DOUBLE PRECISION, duration_ms DOUBLE PRECISION, detail TEXT
            )
            """,
            "CREATE INDEX events_kind_at ON events (kind, at_ms)",
            "CREATE INDEX events_call ON events (call_id)",
        ],
        [
            """
            CREATE TABLE handoffs (
                id TEXT PRIMARY KEY, call_id TEXT NOT NULL, at_ms BIGINT NOT NULL, host TEXT, caller TEXT,
                customer_name TEXT, reason TEXT NOT NULL, summary TEXT NOT NULL, delivery TEXT,
                status TEXT NOT NULL, operator TEXT, updated_ms BIGINT NOT NULL
            )
            """,
            "CREATE INDEX handoffs_status_at ON handoffs (status, at_ms)",
        ],
        [
            // What the hosts learned from calls (confirmed clarifications, the model's decisions).
            "CREATE TABLE learned_examples (intent TEXT NOT NULL, text TEXT NOT NULL, learned_ms BIGINT NOT NULL, PRIMARY KEY (intent, text))",
        ],
    ]

    /// The version a fully migrated store is at.
    public static var version: Int { migrations.count }

    static func migrate(_ connection: any AnalyticsConnection) throws {
        try connection.transaction {
            if connection.dialect == .postgres {
                _ = try connection.query("SELECT pg_advisory_xact_lock(7240012)")
            }
            try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)")
            let applied = Set(try connection.query("SELECT version FROM schema_migrations").compactMap { $0.first?.int })
            if let newest = applied.max(), newest > migrations.count {
                throw StoreError("the analytics store is at schema version \(newest), newer than this host knows (\(migrations.count)); upgrade the host")
            }
            for (index, statements) in migrations.enumerated() where !applied.contains(Int64(index + 1)) {
                for statement in statements { try connection.execute(statement) }
                try connection.execute("INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)",
                                       [.int(Int64(index + 1)), .int(Int64(Date().timeIntervalSince1970 * 1000))])
            }
        }
    }

    static let eventColumns = [
        "id", "call_id", "at_ms", "kind", "host", "transport", "caller", "turn", "utterance", "intent", "path", "confidence",
        "outcome", "endpointing_ms", "recognition_ms", "classification_ms", "skill_ms", "llm_first_token_ms",
        "first_audio_ms", "end_to_end_ms", "duration_ms", "detail",
    ]

    static func row(_ event: CallEvent) -> [SQLValue] {
        func text(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
        func number(_ value: Double?) -> SQLValue { value.map(SQLValue.double) ?? .null }
        return [
            .text(event.id), .text(event.callID), .int(event.at), .text(event.kind.rawValue), text(event.host),
            text(event.transport), text(event.caller), event.turn.map { .int(Int64($0)) } ?? .null, text(event.utterance),
            text(event.intent), text(event.path?.rawValue), number(event.confidence), text(event.outcome),
            number(event.latency[.endpointing]), number(event.latency[.recognition]), number(event.latency[.classification]),
            number(event.latency[.skill]), number(event.latency[.llmFirstToken]), number(event.latency[.firstAudio]),
            number(event.latency[.endToEnd]), number(event.durationMs), text(event.detail),
        ]
    }

    /// Inserts `events` in one transaction, skipping any already stored (by id); handoff events
    /// also join the handoff queue. Returns how many were new.
    @discardableResult
    public static func insert(_ events: [CallEvent], into connection: any AnalyticsConnection) throws -> Int {
        guard !events.isEmpty else { return 0 }
        return try connection.transaction {
            var inserted = 0
            for chunk in stride(from: 0, to: events.count, by: 200).map({ Array(events[$0..<min($0 + 200, events.count)]) }) {
                let placeholders = "(" + Array(repeating: "?", count: eventColumns.count).joined(separator: ",") + ")"
                let sql = "INSERT INTO events (\(eventColumns.joined(separator: ","))) VALUES "
                    + Array(repeating: placeholders, count: chunk.count).joined(separator: ",") + " ON CONFLICT (id) DO NOTHING"
                inserted += try connection.execute(sql, chunk.flatMap(row))
            }
            for event in events where event.kind == .handoff {
                let detail = HandoffDetail(json: event.detail)
                try connection.execute(
                    """
                    INSERT INTO handoffs (id, call_id, at_ms, host, caller, customer_name, reason, summary, delivery, status, updated_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?) ON CONFLICT (id) DO NOTHING
                    """,
                    [.text(event.id), .text(event.callID), .int(event.at), event.host.map(SQLValue.text) ?? .null,
                     event.caller.map(SQLValue.text) ?? .null, detail.customerName.map(SQLValue.text) ?? .null,
                     .text(detail.reason ?? "unknown"), .text(detail.summary ?? ""), detail.delivery.map(SQLValue.text) ?? .null,
                     .int(event.at)]
                )
            }
            return inserted
        }
    }
}

/// What a handoff event's `detail` holds.
public struct HandoffDetail: Codable, Sendable, Equatable {
    public var reason: String?
    public var summary: String?
    public var customerName: String?
    /// transferred / callback, and what was dialled or why not.
    public var delivery: String?

    public init(reason: String?, summary: String?, customerName: String?, delivery: String?) {
        self.reason = reason
        self.summary = summary
        self.customerName = customerName
        self.delivery = delivery
    }

    init(json: String?) {
        self = json.flatMap { try? JSONDecoder().decode(HandoffDetail.self, from: Data($0.utf8)) }
            ?? HandoffDetail(reason: nil, summary: nil, customerName: nil, delivery: nil)
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
