import Analytics
import Core
import Foundation
import Locks
import Testing
import TestSupport

/// The pipeline between calls and the store: PostgreSQL stopped in the middle of a stream of
/// events and started again loses and repeats nothing; a spill left by one host run is replayed
/// by the next; a full spill drops and counts.
@Suite(.serialized) struct PipelineTests {
    final class Notices: Sendable {
        let list = Mutex<[EventPipeline.Notice]>([])
        var all: [EventPipeline.Notice] { list.withLock { $0 } }
        func add(_ notice: EventPipeline.Notice) { list.withLock { $0.append(notice) } }
    }

    static func configuration(_ label: String) throws -> EventPipeline.Configuration {
        var configuration = EventPipeline.Configuration(
            spillPath: try TestPaths.temporaryDirectory(label).appendingPathComponent("spill.jsonl").path
        )
        configuration.flushInterval = .milliseconds(50)
        configuration.retryInterval = .milliseconds(200)
        configuration.batchSize = 40
        return configuration
    }

    static func ids(in location: StoreLocation) throws -> [String] {
        let connection = try location.connect()
        defer { connection.close() }
        return try connection.query("SELECT id FROM events").compactMap { $0.first?.text }
    }

    @Test func postgresStoppedMidStreamAndStartedAgainKeepsEveryEventExactlyOnce() throws {
        let server = try TestPostgres.launch()
        defer { server.destroy() }
        let location = StoreLocation.postgres(url: try server.createDatabase())
        let notices = Notices()
        let pipeline = EventPipeline(location: location, configuration: try Self.configuration("pipeline-pg"), notify: notices.add)
        var sent: [String] = []
        func send(_ count: Int) {
            for index in 0..<count {
                let event = StoreFixtures.event(.turn, call: "call-\(sent.count / 10)", minute: index % 60, path: .fastPath)
                sent.append(event.id)
                pipeline.record(event)
                if index % 20 == 0 { Thread.sleep(forTimeInterval: 0.01) }
            }
        }
        send(120)
        #expect(pipeline.flush(timeout: .seconds(10)))
        try server.stop()
        send(150)  // the store is gone: these spill
        Thread.sleep(forTimeInterval: 0.5)
        let down = pipeline.current
        #expect(!down.storeReachable)
        #expect(down.spilled > 0)
        #expect(notices.all.contains { if case .storeUnreachable = $0 { true } else { false } })
        try server.start()
        send(130)
        #expect(pipeline.flush(timeout: .seconds(20)), "\(pipeline.current)")
        pipeline.stop()
        let stored = try Self.ids(in: location)
        #expect(stored.count == 400)
        #expect(Set(stored) == Set(sent))
        let status = pipeline.current
        #expect(status.spilled == 0 && status.spillBytes == 0 && status.dropped == 0)
        #expect(status.stored == 400)
        #expect(notices.all.contains { if case .storeRecovered = $0 { true } else { false } })
    }

    @Test func aSpillLeftByOneRunIsReplayedByTheNextOnce() throws {
        let configuration = try Self.configuration("pipeline-restart")
        // The first run's store is unreachable (nothing listens on the port): everything spills.
        let nowhere = StoreLocation.postgres(url: "postgres://smartdesk@127.0.0.1:\(try TestPostgres.freePort())/none")
        let first = EventPipeline(location: nowhere, configuration: configuration)
        let events = (0..<50).map { StoreFixtures.event(.turn, call: "c\($0 / 5)", minute: $0, path: .fastPath) }
        events.forEach(first.record)
        first.stop()
        #expect(first.current.spilled == 50)
        // The next run, on a store that works, replays them first; a repeat of some is ignored.
        let location = try StoreFixtures.location(.sqlite)
        let second = EventPipeline(location: location, configuration: configuration)
        events.prefix(10).forEach(second.record)
        #expect(second.flush(timeout: .seconds(10)))
        second.stop()
        #expect(Set(try Self.ids(in: location)) == Set(events.map(\.id)))
        #expect(!FileManager.default.fileExists(atPath: configuration.spillPath))
    }

    /// Found by `bench analytics`: events spilled from a full queue while a replay ran were
    /// removed with the replayed file (93,543 of 200,000 stored).
    @Test func eventsThatOverflowTheQueueWhileASpillIsReplayedAreAllStoredOnce() throws {
        var configuration = try Self.configuration("pipeline-overflow")
        configuration.capacity = 50
        configuration.batchSize = 20
        let location = try StoreFixtures.location(.sqlite)
        let pipeline = EventPipeline(location: location, configuration: configuration)
        let events = (0..<5_000).map { StoreFixtures.event(.turn, call: "c\($0 / 10)", minute: $0 % 600, path: .fastPath) }
        events.forEach(pipeline.record)
        #expect(pipeline.flush(timeout: .seconds(60)), "\(pipeline.current)")
        pipeline.stop()
        let stored = try Self.ids(in: location)
        #expect(stored.count == events.count)
        #expect(Set(events.map(\.id)).subtracting(stored).isEmpty, "every event recorded is stored")
        #expect(pipeline.current.dropped == 0 && pipeline.current.stored == events.count)
    }

    @Test func aFullSpillDropsAndCountsAndSaysSo() throws {
        var configuration = try Self.configuration("pipeline-full")
        configuration.spillLimit = 4_096
        let notices = Notices()
        let nowhere = StoreLocation.postgres(url: "postgres://smartdesk@127.0.0.1:\(try TestPostgres.freePort())/none")
        let pipeline = EventPipeline(location: nowhere, configuration: configuration, notify: notices.add)
        for index in 0..<100 { pipeline.record(StoreFixtures.event(.turn, call: "c", minute: index, path: .fastPath)) }
        #expect(!pipeline.flush(timeout: Duration.milliseconds(500)))
        pipeline.stop()
        let status = pipeline.current
        #expect(status.spillBytes <= 4_096)
        #expect(status.spilled > 0)
        #expect(status.dropped == 100 - status.spilled)
        #expect(notices.all.contains { if case .eventsDropped = $0 { true } else { false } })
    }
}
