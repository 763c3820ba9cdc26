import Agent
import Analytics
import Core
import Foundation
import LLMTestSupport
import Logging
import Server
@testable import SmartDeskCLI
import Testing
import TestSupport

/// An alert, as `serve` assembles analytics: logged, recorded in the store as an event, and
/// POSTed as JSON to `[analytics] alert_webhook` (here a real HTTP server on loopback that keeps
/// what it receives — the scripted model server, answering 200).
@Suite(.serialized) struct AlertWebhookTests {
    @Test func aSlowTurnIsPostedToTheWebhookAndRecordedInTheStore() async throws {
        let receiver = try await ScriptedLLMServer.start()
        defer { Task { await receiver.stop() } }
        receiver.enqueue(.error(200, "received"))
        let folder = try TestPaths.temporaryDirectory("webhook")
        let config = try ConfigFile.parse("""
            [analytics]
            database = "\(folder.appendingPathComponent("a.db").path)"
            alert_webhook = "\(receiver.baseURL)/v1/chat/completions"
            alert_latency_ms = 1500
            """, file: "t.toml")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let analytics = try HostAnalytics.make(options: try AnalyticsOptions.defaults(), config: config, logger: logger, hostName: "desk-w")
        let events = try #require(analytics.events)
        events.record(CallEvent(id: CallEvent.newID(), callID: "c1", at: CallEvent.nowMilliseconds(), kind: .turn, transport: "text",
                                turn: 3, path: .fastPath, latency: [.endToEnd: 1_700]))
        #expect(await eventually(timeout: .seconds(10)) { !receiver.requestBodies.isEmpty })
        let posted = try #require(receiver.requestBodies.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(posted.utf8)) as? [String: Any])
        let alert = try #require(json["alert"] as? [String: Any])
        #expect(alert["kind"] as? String == "latency")
        #expect((alert["message"] as? String)?.contains("1.7 s") == true)
        #expect(json["host"] as? String == "desk-w")
        let pipeline = try #require(analytics.server.pipeline)
        #expect(pipeline.flush(timeout: .seconds(10)))
        pipeline.stop()
        let connection = try StoreLocation.sqlite(path: folder.appendingPathComponent("a.db").path).connect()
        defer { connection.close() }
        let rows = try connection.query("SELECT kind, intent, outcome FROM events ORDER BY kind")
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.contains { $0.first?.text == "turn" })
        #expect(rows.contains { $0.first?.text == "alert" && $0[1].text == "latency" && $0[2].text == "warning" })
    }
}
