import Core
import Foundation
import Locks

/// A handoff in the shared queue: waiting for a person, taken by one, or done.
public struct QueuedHandoff: Sendable, Equatable, Codable {
    public var id: String
    public var callID: String
    /// Milliseconds since 1970.
    public var at: Int64
    public var host: String?
    public var caller: String?
    public var customerName: String?
    public var reason: String
    public var summary: String
    /// transferred to … / callback, and why.
    public var delivery: String?
    /// waiting, taken or done.
    public var status: String
    public var `operator`: String?
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, at, host, caller, reason, summary, delivery, status, `operator`
        case callID = "call_id"
        case customerName = "customer_name"
        case updatedAt = "updated_at"
    }
}

/// The store as the admin API, the dashboard and the report read it: one connection of its own
/// (reopened when it fails), the handoff queue's changes, the daily report. Several hosts on one
/// PostgreSQL see and change the same queue.
public final class AnalyticsStore: Sendable {
    public let location: StoreLocation
    private let connection = Mutex<(any AnalyticsConnection)?>(nil)

    public init(location: StoreLocation) {
        self.location = location
    }

    /// Runs `body` on the connection, opening it when needed; a failure drops it for the next use.
    public func with<T: Sendable>(_ body: (any AnalyticsConnection) throws -> T) throws -> T {
        try connection.withLock { held in
            if held == nil { held = try location.connect() }
            guard let open = held else { throw StoreError("no connection", unreachable: true) }
            do {
                return try body(open)
            } catch let error as StoreError where error.isUnreachable {
                open.close()
                held = nil
                throw error
            }
        }
    }

    public func close() {
        connection.withLock { held in
            held?.close()
            held = nil
        }
    }

    public static let handoffStatuses: Set<String> = ["waiting", "taken", "done"]

    /// The queue, newest first; `status` narrows it.
    public func handoffs(status: String? = nil, limit: Int = 200) throws -> [QueuedHandoff] {
        try select(where: status.map { _ in "status = ?" }, status.map { [.text($0)] } ?? [], limit: limit)
    }

    public func handoff(_ id: String) throws -> QueuedHandoff? {
        try select(where: "id = ?", [.text(id)], limit: 1).first
    }

    private func select(where condition: String?, _ parameters: [SQLValue], limit: Int) throws -> [QueuedHandoff] {
        try with { connection in
            var sql = "SELECT id, call_id, at_ms, host, caller, customer_name, reason, summary, delivery, status, operator, updated_ms FROM handoffs"
            if let condition { sql += " WHERE " + condition }
            sql += " ORDER BY at_ms DESC, id LIMIT ?"
            return try connection.query(sql, parameters + [.int(Int64(max(1, min(limit, 10_000))))]).map { row in
                QueuedHandoff(
                    id: row[0].text ?? "", callID: row[1].text ?? "", at: row[2].int ?? 0, host: row[3].text, caller: row[4].text,
                    customerName: row[5].text, reason: row[6].text ?? "", summary: row[7].text ?? "", delivery: row[8].text,
                    status: row[9].text ?? "", operator: row[10].text, updatedAt: row[11].int ?? 0
                )
            }
        }
    }

    public enum Change: Sendable, Equatable {
        case changed(QueuedHandoff)
        case notFound
        /// Someone else holds it (or it is done): its current state.
        case conflict(QueuedHandoff)
    }

    /// A person takes a waiting handoff (only one can), or marks a taken one done (only the one
    /// who took it, unless `operator` is nil).
    public func change(handoff id: String, to status: String, operator person: String?) throws -> Change {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let updated: Int = try with { connection in
            switch status {
            case "taken":
                return try connection.execute("UPDATE handoffs SET status = 'taken', operator = ?, updated_ms = ? WHERE id = ? AND status = 'waiting'",
                                              [person.map(SQLValue.text) ?? .null, .int(now), .text(id)])
            case "done":
                if let person {
                    return try connection.execute(
                        "UPDATE handoffs SET status = 'done', operator = ?, updated_ms = ? WHERE id = ? AND (status = 'waiting' OR (status = 'taken' AND (operator = ? OR operator IS NULL)))",
                        [.text(person), .int(now), .text(id), .text(person)]
                    )
                }
                return try connection.execute("UPDATE handoffs SET status = 'done', updated_ms = ? WHERE id = ? AND status <> 'done'",
                                              [.int(now), .text(id)])
            case "waiting":
                return try connection.execute("UPDATE handoffs SET status = 'waiting', operator = NULL, updated_ms = ? WHERE id = ? AND status = 'taken'",
                                              [.int(now), .text(id)])
            default:
                throw StoreError("unknown handoff status \"\(status)\" (waiting, taken or done)")
            }
        }
        guard let current = try handoff(id) else { return .notFound }
        return updated == 1 ? .changed(current) : .conflict(current)
    }

    public func dailyReport(date: String) throws -> DailyReport {
        try with { try DailyReport.make(date: date, from: $0) }
    }
}
