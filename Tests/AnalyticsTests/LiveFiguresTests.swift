import Analytics
import Core
import Foundation
import Locks
import Testing

/// Metrics and alerts read from the same events the store gets.
@Suite struct LiveFiguresTests {
    final class Delivered: Sendable {
        let alerts = Mutex<[Alert]>([])
        func add(_ alert: Alert) { alerts.withLock { $0.append(alert) } }
        var all: [Alert] { alerts.withLock { $0 } }
    }

    @Test func metricsCountCallsTurnsAndStageLatencies() {
        let metrics = HostMetrics()
        metrics.record(StoreFixtures.event(.callStarted, call: "a"))
        metrics.record(StoreFixtures.event(.turn, call: "a", path: .fastPath, latency: [.classification: 4, .endToEnd: 320]))
        metrics.record(StoreFixtures.event(.turn, call: "a", path: .fastPath, latency: [.endToEnd: 2_500]))
        metrics.record(StoreFixtures.event(.turn, call: "a", path: .notUnderstood))
        metrics.record(StoreFixtures.event(.callEnded, call: "a", outcome: "resolved"))
        metrics.set("smartdesk_analytics_queue_depth", 3)
        let text = metrics.exposition()
        #expect(text.contains(#"smartdesk_calls_started_total{transport="text"} 1"#), "\(text)")
        #expect(text.contains(#"smartdesk_calls_ended_total{transport="text",outcome="resolved"} 1"#))
        #expect(text.contains(#"smartdesk_turns_total{path="fast_path"} 2"#))
        #expect(text.contains(#"smartdesk_turns_total{path="not_understood"} 1"#))
        #expect(text.contains(#"smartdesk_turn_stage_seconds_count{stage="end_to_end"} 2"#))
        #expect(text.contains(#"smartdesk_turn_stage_seconds_bucket{stage="end_to_end",le="0.5"} 1"#))
        #expect(text.contains(#"smartdesk_turn_stage_seconds_bucket{stage="end_to_end",le="3.0"} 2"#))
        #expect(text.contains("smartdesk_analytics_queue_depth 3"))
    }

    @Test func aSlowTurnWarnsOnceInItsCooldown() {
        let delivered = Delivered()
        let monitor = AlertMonitor(deliver: delivered.add)
        monitor.record(StoreFixtures.event(.turn, call: "a", latency: [.endToEnd: 1_900]))
        #expect(delivered.all.isEmpty)
        monitor.record(StoreFixtures.event(.turnAudio, call: "a", latency: [.endToEnd: 2_400]))
        monitor.record(StoreFixtures.event(.turn, call: "b", latency: [.endToEnd: 3_100]))
        #expect(delivered.all.map(\.kind) == ["latency"])
        #expect(delivered.all.first?.message.contains("2.4 s") == true)
        #expect(monitor.recent.count == 1)
    }

    @Test func escalationsSpikingAgainstTheirBaselineWarn() {
        let delivered = Delivered()
        var settings = AlertMonitor.Configuration()
        settings.recentCalls = 10
        let monitor = AlertMonitor(configuration: settings, deliver: delivered.add)
        // A steady 10% for 40 calls…
        for index in 0..<40 {
            monitor.record(StoreFixtures.event(.callEnded, call: "c\(index)", outcome: index % 10 == 0 ? "escalated" : "resolved"))
        }
        #expect(delivered.all.isEmpty)
        // …then half of the calls escalate.
        for index in 0..<10 {
            monitor.record(StoreFixtures.event(.callEnded, call: "d\(index)", outcome: index % 2 == 0 ? "escalated" : "resolved"))
        }
        #expect(delivered.all.map(\.kind) == ["escalation_spike"])
    }

    @Test func theStoreGoingAwayAndTheSpillAreAlerts() {
        let delivered = Delivered()
        let monitor = AlertMonitor(deliver: delivered.add)
        monitor.pipeline(.storeUnreachable("connection refused"))
        monitor.pipeline(.spillGrowing(bytes: 128 << 10))
        monitor.pipeline(.eventsDropped(total: 3))
        monitor.pipeline(.storeRecovered(replayed: 10))
        #expect(delivered.all.map(\.kind) == ["store_unreachable", "spill_growing", "events_dropped"])
        #expect(delivered.all.first?.severity == "critical")
    }
}
