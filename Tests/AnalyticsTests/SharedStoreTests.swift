import Analytics
import Core
import Foundation
import Testing
import TestSupport

/// One suite, both stores: the schema, exactly-once inserts, the daily report's figures, and the
/// handoff queue two hosts share.
@Suite(.serialized) struct SharedStoreTests {
    typealias Kind = StoreFixtures.Kind

    /// Three calls on 2026-12-01 (one resolved, one escalated, one abandoned) and one the day after.
    static func day() -> [CallEvent] {
        var events: [CallEvent] = []
        func add(_ kind: CallEvent.Kind, _ call: String, _ minute: Int, day: Int = 1, path: CallEvent.Path? = nil,
                 intent: String? = nil, outcome: String? = nil, latency: [CallEvent.Stage: Double] = [:], detail: String? = nil) {
            events.append(StoreFixtures.event(kind, call: call, minute: minute, day: day, path: path, intent: intent, outcome: outcome,
                                              latency: latency, detail: detail))
        }
        add(.callStarted, "a", 0)
        add(.turn, "a", 1, path: .fastPath, intent: "billing.balance", latency: [.classification: 4, .skill: 2, .endToEnd: 300])
        add(.turn, "a", 2, path: .clarification, latency: [.classification: 5, .endToEnd: 320])
        add(.clarification, "a", 2)
        add(.clarification, "a", 3, outcome: "resolved")
        add(.turn, "a", 3, path: .clarification, intent: "scheduling.book", latency: [.classification: 6, .endToEnd: 340])
        add(.turn, "a", 4, path: .slotAnswer, intent: "scheduling.book", latency: [.endToEnd: 360])
        add(.callEnded, "a", 5, outcome: "resolved")
        add(.callStarted, "b", 10)
        add(.turn, "b", 11, path: .llm, intent: "billing.pay", latency: [.llmFirstToken: 800, .endToEnd: 1_400])
        add(.turn, "b", 12, path: .notUnderstood, latency: [.endToEnd: 380])
        add(.clarification, "b", 12)
        add(.clarification, "b", 13, outcome: "abandoned")
        add(.handoff, "b", 13, detail: HandoffDetail(reason: "caller asked for a person", summary: "Caller +15551230001. Reason: asked.",
                                                   customerName: "Dana", delivery: "callback").json)
        add(.callEnded, "b", 14, outcome: "escalated")
        add(.callStarted, "c", 20)
        add(.turn, "c", 21, path: .fastPath, intent: "billing.balance", latency: [.endToEnd: 280])
        add(.bargeIn, "c", 21)
        add(.callEnded, "c", 22, outcome: "abandoned")
        add(.callStarted, "d", 0, day: 2)
        add(.turn, "d", 1, day: 2, path: .fastPath, intent: "scheduling.hours", latency: [.endToEnd: 250])
        return events
    }

    @Test(arguments: Kind.allCases) func migrationsRunOnceAndAStoreFromTheFutureIsRefused(_ kind: Kind) throws {
        let location = try StoreFixtures.location(kind)
        let first = try location.connect()
        first.close()
        let second = try location.connect()  // already migrated: nothing to do, no error
        let versions = try second.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0.first?.int }
        #expect(versions == (1...Int64(Schema.version)).map { $0 })
        try second.execute("INSERT INTO schema_migrations (version, applied_ms) VALUES (99, 0)")
        second.close()
        #expect { try location.connect() } throws: { "\($0)".contains("newer than this host knows") }
    }

    @Test(arguments: Kind.allCases) func anEventIsStoredOnceHoweverOftenItIsInserted(_ kind: Kind) throws {
        let connection = try StoreFixtures.location(kind).connect()
        defer { connection.close() }
        let events = Self.day()
        #expect(try Schema.insert(events, into: connection) == events.count)
        #expect(try Schema.insert(events, into: connection) == 0)
        #expect(try Schema.insert(Array(events.prefix(3)) + [StoreFixtures.event(.turn, call: "e")], into: connection) == 1)
        #expect(try connection.query("SELECT COUNT(*) FROM events").first?.first?.int == Int64(events.count + 1))
        #expect(try connection.query("SELECT COUNT(*) FROM handoffs").first?.first?.int == 1)
    }

    @Test(arguments: Kind.allCases) func theDailyReportCountsTheDay(_ kind: Kind) throws {
        let store = AnalyticsStore(location: try StoreFixtures.location(kind))
        defer { store.close() }
        try store.with { try Schema.insert(Self.day(), into: $0) }
        let report = try store.dailyReport(date: "2026-12-01")
        #expect(report.calls == 3)
        #expect(report.callsEnded == 3)
        #expect(abs(report.resolutionRate - 1.0 / 3) < 1e-9)
        #expect(abs(report.escalationRate - 1.0 / 3) < 1e-9)
        #expect(report.turns == 7)
        // Requests: 2 fast path, 1 model, 2 clarification, 1 not understood (the slot answer is none).
        #expect(abs(report.fastPathShare - 2.0 / 6) < 1e-9)
        #expect(report.clarificationsAsked == 2)
        #expect(report.clarificationSuccessRate == 0.5)
        #expect(report.intents == ["billing.balance": 2, "scheduling.book": 2, "billing.pay": 1])
        let endToEnd = try #require(report.latencyMs["end_to_end"])
        #expect(endToEnd.count == 7)
        #expect(endToEnd.p50 == 340)
        #expect(endToEnd.p99 == 1_400)
        #expect(report.latencyMs["llm_first_token"]?.p50 == 800)
        #expect(report.handoffs == 1)
        #expect(report.bargeIns == 1)
        let next = try store.dailyReport(date: "2026-12-02")
        #expect(next.calls == 1 && next.intents == ["scheduling.hours": 1])
        #expect(next.callsEnded == 0 && next.resolutionRate == 0)
        #expect(throws: StoreError.self) { try store.dailyReport(date: "2026-13-01") }
    }

    @Test(arguments: Kind.allCases) func twoHostsShareOneHandoffQueue(_ kind: Kind) throws {
        let location = try StoreFixtures.location(kind)
        let hostA = AnalyticsStore(location: location), hostB = AnalyticsStore(location: location)
        defer { hostA.close(); hostB.close() }
        try hostA.with { try Schema.insert(Self.day(), into: $0) }
        let waiting = try hostB.handoffs(status: "waiting")
        let handoff = try #require(waiting.first)
        #expect(waiting.count == 1)
        #expect(handoff.customerName == "Dana" && handoff.reason == "caller asked for a person" && handoff.delivery == "callback")
        // Host B's operator takes it; host A's cannot take it too.
        guard case .changed(let taken) = try hostB.change(handoff: handoff.id, to: "taken", operator: "sam") else {
            Issue.record("the first take must succeed")
            return
        }
        #expect(taken.status == "taken" && taken.operator == "sam")
        #expect(try hostA.change(handoff: handoff.id, to: "taken", operator: "kim") == .conflict(taken))
        #expect(try hostA.handoffs(status: "taken").map(\.operator) == ["sam"])
        // Only sam can mark it done.
        #expect(try hostA.change(handoff: handoff.id, to: "done", operator: "kim") == .conflict(taken))
        guard case .changed(let done) = try hostA.change(handoff: handoff.id, to: "done", operator: "sam") else {
            Issue.record("sam marks it done")
            return
        }
        #expect(done.status == "done")
        #expect(try hostB.handoffs(status: "waiting").isEmpty)
        #expect(try hostB.change(handoff: "nope", to: "taken", operator: "sam") == .notFound)
        #expect(throws: StoreError.self) { try hostB.change(handoff: handoff.id, to: "lost", operator: nil) }
    }
}
