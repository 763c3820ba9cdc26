import Core
import Foundation

/// One day's figures from the store: calls and how they ended, what callers wanted, how turns
/// were decided, how clarifying questions went, and latency percentiles per stage.
public struct DailyReport: Sendable, Equatable, Codable {
    public struct Percentiles: Sendable, Equatable, Codable {
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var count: Int
    }

    /// The day, `YYYY-MM-DD` (UTC).
    public var date: String
    public var calls: Int
    public var callsEnded: Int
    public var resolved: Int
    public var escalated: Int
    public var abandoned: Int
    public var resolutionRate: Double
    public var escalationRate: Double
    public var turns: Int
    /// Turns by path (`fast_path`, `llm`, `clarification`, `slot_answer`, `not_understood`, …).
    public var paths: [String: Int]
    /// Of the turns that were requests (decided by the fast path or the model, clarified, or not
    /// understood), the share the fast path decided.
    public var fastPathShare: Double
    public var clarificationsAsked: Int
    public var clarificationsResolved: Int
    public var clarificationSuccessRate: Double
    public var intents: [String: Int]
    public var latencyMs: [String: Percentiles]
    public var handoffs: Int
    public var bargeIns: Int

    enum CodingKeys: String, CodingKey {
        case date, calls, resolved, escalated, abandoned, turns, paths, intents, handoffs
        case callsEnded = "calls_ended"
        case resolutionRate = "resolution_rate"
        case escalationRate = "escalation_rate"
        case fastPathShare = "fast_path_share"
        case clarificationsAsked = "clarifications_asked"
        case clarificationsResolved = "clarifications_resolved"
        case clarificationSuccessRate = "clarification_success_rate"
        case latencyMs = "latency_ms"
        case bargeIns = "barge_ins"
    }

    /// The paths that count as requests for the fast-path share.
    public static let requestPaths: Set<String> = ["fast_path", "llm", "clarification", "not_understood", "model_answer"]

    /// `date` is `YYYY-MM-DD`, read as a UTC day.
    public static func make(date: String, from connection: any AnalyticsConnection) throws -> DailyReport {
        guard let range = dayRange(date) else { throw StoreError("\"\(date)\" is not a date (YYYY-MM-DD)") }
        let window: [SQLValue] = [.int(range.start), .int(range.end)]
        let inDay = "at_ms >= ? AND at_ms < ?"
        func count(_ sql: String) throws -> Int { Int(try connection.query(sql, window).first?.first?.int ?? 0) }
        func grouped(_ sql: String) throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try connection.query(sql, window) {
                guard row.count == 2, let key = row[0].text, let value = row[1].int else { continue }
                result[key] = Int(value)
            }
            return result
        }
        let calls = try count("SELECT COUNT(DISTINCT call_id) FROM events WHERE kind = 'call_started' AND \(inDay)")
        let outcomes = try grouped("SELECT outcome, COUNT(*) FROM events WHERE kind = 'call_ended' AND \(inDay) GROUP BY outcome")
        let ended = outcomes.values.reduce(0, +)
        let paths = try grouped("SELECT path, COUNT(*) FROM events WHERE kind = 'turn' AND path IS NOT NULL AND \(inDay) GROUP BY path")
        let turns = try count("SELECT COUNT(*) FROM events WHERE kind = 'turn' AND \(inDay)")
        let intents = try grouped("SELECT intent, COUNT(*) FROM events WHERE kind = 'turn' AND intent IS NOT NULL AND \(inDay) GROUP BY intent")
        let clarifications = try grouped(
            "SELECT COALESCE(outcome, 'asked'), COUNT(*) FROM events WHERE kind = 'clarification' AND \(inDay) GROUP BY COALESCE(outcome, 'asked')"
        )
        let settled = (clarifications["resolved"] ?? 0) + (clarifications["abandoned"] ?? 0)
        let requests = paths.filter { requestPaths.contains($0.key) }.values.reduce(0, +)
        var latency: [String: Percentiles] = [:]
        for stage in CallEvent.Stage.allCases {
            if let percentiles = try Self.percentiles(of: "\(stage.rawValue)_ms", window: window, connection: connection) {
                latency[stage.rawValue] = percentiles
            }
        }
        func rate(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }
        return DailyReport(
            date: date, calls: calls, callsEnded: ended, resolved: outcomes["resolved"] ?? 0, escalated: outcomes["escalated"] ?? 0,
            abandoned: outcomes["abandoned"] ?? 0, resolutionRate: rate(outcomes["resolved"] ?? 0, ended),
            escalationRate: rate(outcomes["escalated"] ?? 0, ended), turns: turns, paths: paths,
            fastPathShare: rate(paths["fast_path"] ?? 0, requests), clarificationsAsked: clarifications["asked"] ?? 0,
            clarificationsResolved: clarifications["resolved"] ?? 0,
            clarificationSuccessRate: rate(clarifications["resolved"] ?? 0, settled), intents: intents, latencyMs: latency,
            handoffs: try count("SELECT COUNT(*) FROM events WHERE kind = 'handoff' AND \(inDay)"),
            bargeIns: try count("SELECT COUNT(*) FROM events WHERE kind = 'barge_in' AND \(inDay)")
        )
    }

    /// Nearest-rank percentiles of one latency column over the day (PostgreSQL computes them;
    /// SQLite, which has no percentile function, sends the sorted column).
    static func percentiles(of column: String, window: [SQLValue], connection: any AnalyticsConnection) throws -> Percentiles? {
        let filter = "FROM events WHERE \(column) IS NOT NULL AND at_ms >= ? AND at_ms < ?"
        switch connection.dialect {
        case .postgres:
            let row = try connection.query(
                "SELECT COUNT(*), percentile_disc(0.5) WITHIN GROUP (ORDER BY \(column)), percentile_disc(0.95) WITHIN GROUP (ORDER BY \(column)), "
                    + "percentile_disc(0.99) WITHIN GROUP (ORDER BY \(column)) \(filter)", window
            ).first
            guard let row, let count = row[0].int, count > 0 else { return nil }
            return Percentiles(p50: row[1].double ?? 0, p95: row[2].double ?? 0, p99: row[3].double ?? 0, count: Int(count))
        case .sqlite:
            let values = try connection.query("SELECT \(column) \(filter) ORDER BY \(column)", window).compactMap { $0.first?.double }
            guard !values.isEmpty else { return nil }
            func rank(_ p: Double) -> Double { values[max(0, min(values.count - 1, Int((p * Double(values.count)).rounded(.up)) - 1))] }
            return Percentiles(p50: rank(0.5), p95: rank(0.95), p99: rank(0.99), count: values.count)
        }
    }

    /// Milliseconds since 1970 of the day's first instant and the next day's (UTC).
    public static func dayRange(_ date: String) -> (start: Int64, end: Int64)? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, date.count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              calendar.component(.day, from: start) == parts[2], calendar.component(.month, from: start) == parts[1],
              let end = calendar.date(byAdding: .day, value: 1, to: start) else { return nil }
        return (Int64(start.timeIntervalSince1970 * 1000), Int64(end.timeIntervalSince1970 * 1000))
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    public static func today(_ now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
