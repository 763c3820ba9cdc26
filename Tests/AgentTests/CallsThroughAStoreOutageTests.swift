import Agent
import AgentTestSupport
import Analytics
import Core
import Foundation
import Locks
import Testing
import TestSupport

/// Real calls (the agent, the bundled plugins) recording into a real PostgreSQL that is stopped in
/// the middle of the stream of calls and started again: every event of every call is in the store
/// exactly once, and the calls never noticed.
@Suite(.serialized) struct CallsThroughAStoreOutageTests {
    /// Keeps the ids of every event the calls emitted, then passes them on.
    final class Witness: CallEventSink {
        let next: any CallEventSink
        let seen = Mutex<[CallEvent]>([])
        init(_ next: any CallEventSink) { self.next = next }
        func record(_ event: CallEvent) {
            seen.withLock { $0.append(event) }
            next.record(event)
        }
    }

    @Test func everyEventOfEveryCallLandsOnceAcrossAnOutage() async throws {
        let server = try TestPostgres.launch()
        defer { server.destroy() }
        let location = StoreLocation.postgres(url: try server.createDatabase())
        var configuration = EventPipeline.Configuration(
            spillPath: try TestPaths.temporaryDirectory("outage").appendingPathComponent("spill.jsonl").path
        )
        configuration.flushInterval = .milliseconds(50)
        configuration.retryInterval = .milliseconds(200)
        let pipeline = EventPipeline(location: location, configuration: configuration)
        let witness = Witness(pipeline)
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled(), events: witness)
        defer { Task { await harness.close() } }
        let script = ["hi there", "what's my balance", "what are your opening hours", "thanks, that's all"]
        for index in 0..<12 {
            if index == 4 { try server.stop() }
            if index == 8 {
                // The writer has found the store gone and keeps the calls' events on disk.
                #expect(await eventually(timeout: .seconds(5)) { !pipeline.current.storeReachable && pipeline.current.spilled > 0 },
                        "\(pipeline.current)")
                try server.start()
            }
            let call = harness.agent.startCall(caller: "+15551230001", callID: "outage-\(index)")
            _ = await call.begin()
            for line in script {
                let report = await call.handle(line)
                #expect(!report.replies.isEmpty, "\(line)")
            }
            await call.end(reason: "the caller hung up")
        }
        #expect(pipeline.flush(timeout: .seconds(30)), "\(pipeline.current)")
        pipeline.stop()
        let connection = try location.connect()
        defer { connection.close() }
        let rows = try connection.query("SELECT id, call_id, kind FROM events")
        let emitted = witness.seen.withLock { $0 }
        #expect(rows.count == emitted.count)
        #expect(Set(rows.compactMap { $0[0].text }) == Set(emitted.map(\.id)))
        for index in 0..<12 {
            let kinds = rows.filter { $0[1].text == "outage-\(index)" }.compactMap { $0[2].text }.sorted()
            #expect(kinds == ["call_ended", "call_started", "turn", "turn", "turn", "turn"], "call \(index): \(kinds)")
        }
        #expect(pipeline.current.dropped == 0)
    }
}
