import Agent
import Analytics
import Core
import Embeddings
import Foundation
import PluginHost

/// `smartdesk bench analytics`: events per second sustained into each store, the daily report's
/// query time over a million events, and turn latency with analytics on and off.
struct AnalyticsBenchmark {
    let embedder: SentenceEmbedder
    let plugins: [URL]
    let postgres: String?
    let events: Int
    let reportEvents: Int
    let calls: Int

    /// A day of synthetic calls (9 events each: started, 6 turns, a clarification, ended), spread
    /// over 2026-12-01 UTC.
    static func syntheticDay(_ count: Int) -> [CallEvent] {
        let start = DailyReport.dayRange("2026-12-01")!.start
        let intents = ["billing.balance", "billing.pay", "scheduling.book", "scheduling.hours", "crm.update_email", "handoff.request"]
        let paths: [CallEvent.Path] = [.fastPath, .fastPath, .fastPath, .slotAnswer, .clarification, .llm, .notUnderstood]
        var events: [CallEvent] = []
        events.reserveCapacity(count)
        var call = 0
        while events.count < count {
            let id = "bench-\(call)", at = start + Int64(call % 86_000) * 1_000
            events.append(CallEvent(id: CallEvent.newID(), callID: id, at: at, kind: .callStarted, host: "bench", transport: "twilio"))
            for turn in 1...6 where events.count < count {
                let path = paths[(call + turn) % paths.count]
                events.append(CallEvent(
                    id: CallEvent.newID(), callID: id, at: at + Int64(turn) * 5_000, kind: .turn, host: "bench", transport: "twilio",
                    turn: turn, utterance: "what's my balance please", intent: intents[(call * 7 + turn) % intents.count], path: path,
                    confidence: 0.9, latency: [.classification: Double(3 + turn % 4), .skill: 1.5, .endToEnd: Double(300 + (call * 37 + turn * 11) % 400)]
                ))
            }
            if events.count < count {
                events.append(CallEvent(id: CallEvent.newID(), callID: id, at: at + 31_000, kind: .clarification, host: "bench",
                                        outcome: call % 3 == 0 ? nil : "resolved"))
            }
            let outcome = ["resolved", "resolved", "escalated", "abandoned"][call % 4]
            if outcome == "escalated", events.count < count {
                events.append(CallEvent(id: CallEvent.newID(), callID: id, at: at + 39_000, kind: .handoff, host: "bench", caller: "+15551230001",
                                        outcome: "callback", detail: #"{"reason":"the caller asked for a person","summary":"Caller +15551230001.","delivery":"callback"}"#))
            }
            if events.count < count {
                events.append(CallEvent(id: CallEvent.newID(), callID: id, at: at + 40_000, kind: .callEnded, host: "bench",
                                        outcome: outcome, durationMs: 40_000))
            }
            call += 1
        }
        return events
    }

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-bench-analytics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var stores: [(String, StoreLocation)] = [("SQLite", .sqlite(path: folder.appendingPathComponent("a.db").path))]
        if let postgres { stores.append(("PostgreSQL", try StoreLocation(parsing: postgres))) }
        else { print("(no --postgres URL: PostgreSQL figures skipped)") }

        print("events sustained into each store (\(events) events recorded as fast as one thread can, batches of 500):")
        for (name, location) in stores {
            let pipeline = EventPipeline(location: location, configuration: .init(spillPath: folder.appendingPathComponent("\(name).spill").path))
            let batch = Self.syntheticDay(events)
            var record = LatencyRecorder()
            let clock = ContinuousClock()
            let started = clock.now
            for (index, event) in batch.enumerated() {
                if index % 100 == 0 {
                    let at = clock.now
                    pipeline.record(event)
                    record.record(clock.now - at)
                } else {
                    pipeline.record(event)
                }
            }
            guard pipeline.flush(timeout: .seconds(600)) else { throw CLIError("\(name): the pipeline did not drain: \(pipeline.current)") }
            let seconds = (clock.now - started).milliseconds / 1000
            pipeline.stop()
            let status = pipeline.current
            print(String(format: "  %@: %.0f events/s (%d stored in %.2f s; spilled %d, dropped %d); record() %@", name,
                         Double(events) / seconds, status.stored, seconds, status.spilled, status.dropped, record.summary))
        }

        print("the daily report over \(reportEvents) events of one day (plus the ones above, on 2026-12-01 too):")
        for (name, location) in stores {
            let connection = try location.connect()
            defer { connection.close() }
            let day = Self.syntheticDay(reportEvents)
            let clock = ContinuousClock()
            let started = clock.now
            for start in stride(from: 0, to: day.count, by: 2_000) {
                try Schema.insert(Array(day[start..<min(start + 2_000, day.count)]), into: connection)
            }
            let loaded = (clock.now - started).milliseconds / 1000
            var query = LatencyRecorder()
            var report: DailyReport?
            for _ in 0..<5 {
                let at = clock.now
                report = try DailyReport.make(date: "2026-12-01", from: connection)
                query.record(clock.now - at)
            }
            print(String(format: "  %@: loaded in %.1f s; report %@ (calls %d, turns %d)", name, loaded, query.summary,
                         report?.calls ?? 0, report?.turns ?? 0))
            // What the dashboard asks the store every second: the waiting and taken handoffs.
            let store = AnalyticsStore(location: location)
            defer { store.close() }
            var queue = LatencyRecorder()
            var shown = 0
            for _ in 0..<50 {
                let at = clock.now
                shown = try store.handoffs(status: "waiting", limit: 25).count + store.handoffs(status: "taken", limit: 25).count
                queue.record(clock.now - at)
            }
            print("  \(name): the dashboard's handoff queue (\(shown) shown of \(report?.handoffs ?? 0)) \(queue.summary)")
            if name == "SQLite" {
                // The dashboard's live figures: in memory, fed by the same events.
                let live = LiveView()
                day.forEach(live.record)
                var snapshot = LatencyRecorder()
                for _ in 0..<50 {
                    let at = clock.now
                    _ = live.snapshot
                    snapshot.record(clock.now - at)
                }
                print("  the dashboard's live figures after those \(day.count) events (in memory): \(snapshot.summary)")
            }
        }

        // Turn latency with analytics on and off: the same calls, one agent each.
        print("whole text turn (embedding + host), \(calls) calls × 50 turns, analytics off vs on (SQLite pipeline):")
        var results: [(String, LatencyRecorder)] = []
        for on in [false, true] {
            let pipeline = on ? EventPipeline(location: .sqlite(path: folder.appendingPathComponent("turns.db").path),
                                              configuration: .init(spillPath: folder.appendingPathComponent("turns.spill").path)) : nil
            let data = folder.appendingPathComponent("plugins-\(on)")
            var configuration = PluginHostConfiguration()
            configuration.dataDirectory = data
            configuration.log = { _ in }
            let host = PluginHost(configuration: configuration)
            let agent = Agent(plugins: host, embedder: embedder, configuration: AgentConfiguration(clock: .fixed(LocalTime(parsing: "2026-11-25T10:00")!)),
                              events: pipeline, hostName: "bench")
            for plugin in plugins { try host.load(path: plugin.path) }
            await agent.settle()
            var turns = LatencyRecorder()
            for index in 0..<(calls + 2) {
                let call = agent.startCall(caller: "+15551230002")
                _ = await call.begin()
                for turn in 0..<50 {
                    let clock = ContinuousClock()
                    let at = clock.now
                    _ = await call.handle(TurnBenchmark.cycle[turn % TurnBenchmark.cycle.count])
                    if index >= 2 { turns.record(clock.now - at) }
                }
                await call.end(reason: "bench")
            }
            pipeline?.flush(timeout: .seconds(60))
            pipeline?.stop()
            await host.shutdown()
            results.append((on ? "on" : "off", turns))
            print("  analytics \(on ? "on " : "off"): \(turns.summary)" + (pipeline.map { "; stored \($0.current.stored) events" } ?? ""))
        }
        let off = results[0].1, on = results[1].1
        print(String(format: "  p50 on/off %.3f; p99 on/off %.3f", on.milliseconds(atPercentile: 50) / max(off.milliseconds(atPercentile: 50), 1e-9),
                     on.milliseconds(atPercentile: 99) / max(off.milliseconds(atPercentile: 99), 1e-9)))
    }
}
