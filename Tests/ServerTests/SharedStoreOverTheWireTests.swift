import Analytics
import Core
import Foundation
import HTTPClient
import HummingbirdWSClient
@testable import Server
import Testing
import TestSupport

/// Two hosts on one real PostgreSQL: a call on one is recorded (every turn with its path, the
/// handoff, how it ended), and the handoff is on the other host's queue, where only one operator
/// can take it. The day's report reads the same figures through either host.
@Suite(.serialized) struct SharedStoreOverTheWireTests {
    static func pipeline(_ location: StoreLocation, _ label: String) throws -> EventPipeline {
        var configuration = EventPipeline.Configuration(
            spillPath: try TestPaths.temporaryDirectory(label).appendingPathComponent("spill.jsonl").path
        )
        configuration.flushInterval = .milliseconds(50)
        return EventPipeline(location: location, configuration: configuration)
    }

    @Test func twoHostsOnOnePostgresShareCallsAndTheHandoffQueue() async throws {
        let postgres = try TestPostgres.shared()
        let location = StoreLocation.postgres(url: try postgres.createDatabase())
        let eventsA = try Self.pipeline(location, "host-a"), eventsB = try Self.pipeline(location, "host-b")
        let hostA = try await ServerHarness.start(events: eventsA, analytics: ServerAnalytics(store: AnalyticsStore(location: location)), hostName: "desk-a") {
            $0.transferNumber = "+15557654321"
        }
        let hostB = try await ServerHarness.start(events: eventsB, analytics: ServerAnalytics(store: AnalyticsStore(location: location)), hostName: "desk-b")

        let platform = TextProtocolTests.Platform()
        try await platform.run(hostA, callID: "call_shared") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", "what's my balance")])))
            #expect(await platform.wait { $0.complete(1) != nil })
            try await outbound.write(.text(TextProtocolTests.responseRequired(2, [
                ("user", "what's my balance"), ("agent", platform.text(1)), ("user", "can I speak to a real person please"),
            ])))
            #expect(await platform.wait { $0.complete(2) != nil })
        }
        #expect(await eventually { hostA.context.calls.count == 0 })
        #expect(eventsA.flush(timeout: .seconds(10)))

        // Host B's operator sees host A's handoff and takes it; host A's cannot take it too.
        let queue = try await AdminTests.admin(hostB, "GET", "/admin/handoffs/queue?status=waiting")
        #expect(queue.status == 200)
        let handoffs = try JSONDecoder().decode(AdminQueueRoutes.Queue.self, from: queue.body).handoffs
        let handoff = try #require(handoffs.first)
        #expect(handoffs.count == 1)
        #expect(handoff.callID == "call_shared" && handoff.host == "desk-a")
        #expect(handoff.delivery == "transferred to +15557654321")
        #expect(handoff.summary.contains("balance"))
        let take = try await AdminTests.admin(hostB, "POST", "/admin/handoffs/\(handoff.id)/take", body: #"{"operator":"sam"}"#)
        #expect(take.status == 200)
        let again = try await AdminTests.admin(hostA, "POST", "/admin/handoffs/\(handoff.id)/take", body: #"{"operator":"kim"}"#)
        #expect(again.status == 409)
        #expect(again.text.contains("taken by sam"))
        let done = try await AdminTests.admin(hostA, "POST", "/admin/handoffs/\(handoff.id)/done", body: #"{"operator":"sam"}"#)
        #expect(done.status == 200)
        let missing = try await AdminTests.admin(hostA, "POST", "/admin/handoffs/nope/take", body: #"{"operator":"sam"}"#)
        #expect(missing.status == 404)

        // The call, as recorded: its turns with their paths, how it ended.
        let report = try await AdminTests.admin(hostB, "GET", "/admin/report/daily")
        #expect(report.status == 200)
        let day = try JSONDecoder().decode(DailyReport.self, from: report.body)
        #expect(day.calls == 1 && day.escalated == 1 && day.handoffs == 1)
        #expect(day.intents["billing.balance"] == 1)
        #expect(day.latencyMs["end_to_end"]?.count == 2)
        let store = AnalyticsStore(location: location)
        defer { store.close() }
        let rows = try store.with { try $0.query("SELECT kind, path, outcome, host FROM events WHERE call_id = 'call_shared' ORDER BY kind") }
        #expect(rows.map { $0[0].text ?? "" } == ["call_ended", "call_started", "handoff", "turn", "turn"], "\(rows)")
        #expect(rows[0][2].text == "escalated")
        #expect(rows[3][1].text == "fast_path")
        #expect(rows.allSatisfy { $0[3].text == "desk-a" })

        await hostA.close()
        await hostB.close()
        eventsA.stop()
        eventsB.stop()
    }

    @Test func metricsAreScrapedOverHTTPAfterACall() async throws {
        let location = StoreLocation.sqlite(path: try TestPaths.temporaryDirectory("metrics").appendingPathComponent("a.db").path)
        let pipeline = try Self.pipeline(location, "metrics")
        let metrics = HostMetrics()
        let host = try await ServerHarness.start(
            events: EventFanout([pipeline, metrics]), analytics: ServerAnalytics(pipeline: pipeline, metrics: metrics), hostName: "desk-m"
        ) { $0.adminToken = "scrape-me" }
        let platform = TextProtocolTests.Platform()
        try await platform.run(host, callID: "call_metrics") { outbound, platform in
            #expect(await platform.wait { $0.complete(0) != nil })
            try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", "what are your opening hours")])))
            #expect(await platform.wait { $0.complete(1) != nil })
        }
        let refused = try await AdminTests.admin(host, "GET", "/metrics")
        #expect(refused.status == 401)
        let scraped = try await AdminTests.admin(host, "GET", "/metrics", token: "scrape-me")
        #expect(scraped.status == 200)
        let text = scraped.text
        #expect(text.contains(#"smartdesk_calls_started_total{transport="text"} 1"#), "\(text)")
        #expect(text.contains(#"smartdesk_turns_total{path="fast_path"} 1"#))
        #expect(text.contains(#"smartdesk_turn_stage_seconds_count{stage="end_to_end"} 1"#))
        #expect(text.contains(#"smartdesk_plugin_generation{plugin="billing"} 1"#))
        #expect(text.contains("smartdesk_analytics_store_reachable"))
        #expect(text.contains(#"smartdesk_live_calls{transport="text"}"#))
        await host.close()
        pipeline.stop()
    }
}
