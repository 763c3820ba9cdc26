import AgentTestSupport
import Agent
import Foundation
import PluginHost
import Testing
import TestSupport

/// A plugin reloaded while a call is talking to it: the turn in flight completes on the old
/// generation, the next turn answers from the new one, and the old one is unloaded after.
@Suite(.serialized) struct ReloadDuringCallTests {
    @Test func inFlightTurnKeepsItsGenerationNextTurnGetsTheNewOne() async throws {
        let build = try TestPaths.temporaryDirectory("greeter")
        defer { try? FileManager.default.removeItem(at: build) }
        let plugin = build.appendingPathComponent("libgreeter.so")
        try await PluginBuilder.build("Tests/PluginFixtures/greeter.c", defines: ["REPLY=\"Hello from v1.\""], output: plugin)
        let gate = build.appendingPathComponent("gate")
        let harness = try await AgentHarness(plugins: [plugin], settings: ["greeter": ["gate": gate.path]], handlerDeadline: .seconds(20))
        defer { Task { await harness.close() } }

        let first = harness.agent.startCall(caller: nil)
        _ = await first.begin()
        // Turn 1 starts on generation 1 and is held inside the handler.
        let inFlight = Task { await first.handle("hello there") }
        try await waitFor { FileManager.default.fileExists(atPath: gate.path + ".started") }

        // Replace the file and reload while the turn is running.
        try await PluginBuilder.build("Tests/PluginFixtures/greeter.c", defines: ["REPLY=\"Hello from v2.\""], output: plugin)
        let reloaded = try harness.host.reload(name: "greeter")
        #expect(reloaded.generation == 2)
        let pinned = harness.host.generations().filter { $0.plugin == "greeter" }
        #expect(pinned.contains { $0.generation == 1 && $0.state == .retiring && $0.turnsInFlight == 1 })

        // Let the old turn finish: it answers with the old generation's words.
        _ = FileManager.default.createFile(atPath: gate.path, contents: Data())
        let oldTurn = await inFlight.value
        #expect(oldTurn.replies == ["Hello from v1."])
        #expect(oldTurn.handledBy.first?.generation == 1)

        // The next turn of the same call answers from the new generation.
        await harness.agent.settle()
        let next = await first.handle("good morning")
        #expect(next.replies == ["Hello from v2."])
        #expect(next.handledBy.first?.generation == 2)

        // Generation 1 is gone once its last turn ended.
        try await waitFor { !harness.host.generations().contains { $0.plugin == "greeter" && $0.generation == 1 && $0.state != .retired } }
    }

    private func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<2000 where !condition() {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(condition())
    }
}
