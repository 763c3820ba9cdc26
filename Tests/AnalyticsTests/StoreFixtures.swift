import Analytics
import Core
import Foundation
import TestSupport

/// One PostgreSQL server for the whole test process (each test gets its own database), and a
/// fresh SQLite file per test: the shared suite runs on both.
enum StoreFixtures {
    static func postgres() throws -> TestPostgres { try TestPostgres.shared() }

    enum Kind: String, CaseIterable, CustomStringConvertible, Sendable {
        case sqlite, postgres
        var description: String { rawValue }
    }

    /// A new, empty store of `kind`.
    static func location(_ kind: Kind) throws -> StoreLocation {
        switch kind {
        case .sqlite:
            return .sqlite(path: try TestPaths.temporaryDirectory("analytics").appendingPathComponent("analytics.db").path)
        case .postgres:
            return .postgres(url: try postgres().createDatabase())
        }
    }

    /// 2026-12-01 09:00 UTC plus `minutes`, in milliseconds.
    static func at(minutes: Int = 0, day: Int = 1) -> Int64 {
        DailyReport.dayRange(String(format: "2026-12-%02d", day))!.start + Int64((9 * 60 + minutes) * 60_000)
    }

    static func event(_ kind: CallEvent.Kind, call: String, minute: Int = 0, day: Int = 1, id: String = UUID().uuidString,
                      path: CallEvent.Path? = nil, intent: String? = nil, outcome: String? = nil,
                      latency: [CallEvent.Stage: Double] = [:], detail: String? = nil) -> CallEvent {
        CallEvent(id: id, callID: call, at: at(minutes: minute, day: day), kind: kind, host: "test", transport: "text",
                  caller: "+15551230001", intent: intent, path: path, outcome: outcome, latency: latency, detail: detail)
    }
}
