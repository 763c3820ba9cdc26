import AgentTestSupport
import Agent
import Foundation
import PluginHost
import Testing
import TestSupport

/// Swift plugin images stay mapped after their generation retires (the Swift runtime keeps
/// pointers into them). Reloading one over and over while calls use it must neither crash nor
/// lose a turn.
@Suite(.serialized) struct SwiftReloadLoopTests {
    @Test func hundredReloadsOfASwiftPluginUnderLiveCalls() async throws {
        let harness = try await AgentHarness(plugins: [try TestPaths.bundledPlugin("Scheduling")])
        defer { Task { await harness.close() } }
        let expected = "We're open Monday to Friday, 9 AM to 5 PM, and Saturday 10 AM to 1 PM."

        let callers = (0..<2).map { _ in
            Task {
                var answered = 0
                var wrong: [String] = []
                while !Task.isCancelled {
                    let call = harness.agent.startCall(caller: "+15551230002")
                    _ = await call.begin()
                    for _ in 0..<5 {
                        let report = await call.handle("what are your opening hours")
                        if report.replies == [expected] { answered += 1 } else { wrong.append(report.replies.joined(separator: " ")) }
                    }
                }
                return (answered, wrong)
            }
        }
        var generation = 0
        for _ in 0..<100 {
            generation = try harness.host.reload(name: "scheduling").generation
        }
        try await Task.sleep(for: .milliseconds(50))
        callers.forEach { $0.cancel() }
        var answered = 0
        for caller in callers {
            let (count, wrong) = await caller.value
            answered += count
            #expect(wrong.isEmpty, "turns answered wrongly during reloads: \(wrong.prefix(3))")
        }
        #expect(generation == 101)
        #expect(answered > 0)
        // Every retired generation was shut down once its turns ended.
        let live = harness.host.generations().filter { $0.plugin == "scheduling" && $0.state != .retired }
        #expect(live.map(\.generation) == [101])
    }
}
