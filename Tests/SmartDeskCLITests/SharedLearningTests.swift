import Agent
import Analytics
import Foundation
@testable import SmartDeskCLI
import Testing
import TestSupport

/// Two hosts on one PostgreSQL learn from each other's calls: what one learns the other reads on
/// its next refresh, two learning at once lose nothing, a removal reaches both.
@Suite(.serialized) struct SharedLearningTests {
    @Test func twoHostsOnOneStoreShareWhatTheyLearn() throws {
        let location = StoreLocation.postgres(url: try TestPostgres.shared().createDatabase())
        let storeA = AnalyticsStore(location: location), storeB = AnalyticsStore(location: location)
        defer { storeA.close(); storeB.close() }
        let hostA = try LearnedExampleStore(backing: StoreLearnedExamples(store: storeA), capPerIntent: 2)
        let hostB = try LearnedExampleStore(backing: StoreLearnedExamples(store: storeB), capPerIntent: 2)
        let heard = TestCounter()
        hostB.observe { heard.increment() }

        #expect(try hostA.add(intent: "billing.balance", text: "what am I sitting at"))
        #expect(try hostB.add(intent: "scheduling.book", text: "pop me in for a clean"))
        #expect(try hostB.refresh())
        #expect(try hostA.refresh())
        #expect(heard.value == 2)  // its own addition, then host A's
        for host in [hostA, hostB] {
            #expect(Set(host.all.map(\.text)) == ["what am i sitting at", "pop me in for a clean"])
        }
        #expect(try hostB.refresh() == false, "nothing new: no retraining")

        // The cap evicts the oldest, in the store too.
        try hostA.add(intent: "billing.balance", text: "how much is outstanding", at: Date().addingTimeInterval(1))
        try hostA.add(intent: "billing.balance", text: "what's left on the account", at: Date().addingTimeInterval(2))
        #expect(try hostB.refresh())
        #expect(Set(hostB.all.filter { $0.intent == "billing.balance" }.map(\.text)) == ["how much is outstanding", "what's left on the account"])

        #expect(try hostB.remove(intent: "scheduling.book", text: "Pop me in for a clean"))
        #expect(try hostA.refresh())
        #expect(!hostA.all.contains { $0.intent == "scheduling.book" })
    }

    @Test func anUnreachableStoreAtStartLeavesLearningInTheFile() throws {
        let nowhere = AnalyticsStore(location: .postgres(url: "postgres://smartdesk@127.0.0.1:\(try TestPostgres.freePort())/none"))
        let said = TestLog()
        let store = try ConfigFile().learnedExampleStore(analytics: nowhere) { said.add($0) }
        #expect(store.file?.path.hasSuffix(ConfigFile.defaultLearnedExamples) == true)
        #expect(said.lines.first?.contains("unreachable") == true)
    }

    final class TestLog: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: [String] = []
        func add(_ line: String) { lock.lock(); kept.append(line); lock.unlock() }
        var lines: [String] { lock.lock(); defer { lock.unlock() }; return kept }
    }

    final class TestCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }
}
