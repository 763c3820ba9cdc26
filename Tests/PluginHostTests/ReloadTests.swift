import Foundation
import PluginHost
import Locks
import Testing

@Suite struct ReloadTests {
    @Test func turnInFlightFinishesOnTheOldGenerationWhileNewTurnsUseTheNewOne() async throws {
        // The blocked turn waits for its gate while v2 is compiled and loaded: on a loaded 2-core
        // CI machine that took past a 20 s deadline once, so the deadline is far out of the way
        // (the test is about generations; a passing run never waits for it).
        let harness = Harness(handlerDeadline: .seconds(120))
        let host = harness.host
        let path = try await harness.install([Fixtures.reply("v1")], as: "libalpha.so")
        try host.load(path: path)
        let gate = harness.root.appendingPathComponent("gate").path

        let blocked = Task {
            await host.runIntent("alpha.block", turn: makeTurn("alpha.block", call: "call-blocked", values: ["test.gate": gate]))
        }
        #expect(await waitUntil { host.generations().first?.callIDs == ["call-blocked"] })
        let oldCopy = try #require(host.generations().first?.imagePath)

        try await harness.install([Fixtures.reply("v2")], as: "libalpha.so")
        let reloaded = try host.reload(name: "alpha")

        #expect(reloaded.generation == 2 && reloaded.version == "1.0-v2")
        #expect(host.registry.intents["alpha.echo"]?.generation == 2)
        let next = await host.runIntent("alpha.echo", turn: makeTurn("alpha.echo", call: "call-next"))
        #expect(next == TurnOutcome(plugin: "alpha", generation: 2, says: ["v2"]))
        let retiring = try #require(host.generations().first { $0.generation == 1 })
        #expect(retiring.state == .retiring && retiring.callIDs == ["call-blocked"])
        #expect(isMapped(oldCopy))
        #expect(harness.logged("alpha generation 1 retires when its 1 running turns end"))
        #expect(!harness.logs.contains { $0.message == "unloading alpha v1" })

        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        let finished = await blocked.value

        #expect(finished == TurnOutcome(plugin: "alpha", generation: 1, says: ["v1"]))
        #expect(await waitUntil { host.generations().first { $0.generation == 1 }?.state == .retired })
        #expect(!isMapped(oldCopy))
        #expect(!FileManager.default.fileExists(atPath: oldCopy))
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "unloading alpha v1" })
        #expect(host.generations().map(\.state) == [.retired, .active])
        await harness.finish()
    }

    @Test func refusedReloadKeepsTheOldGenerationServing() async throws {
        let harness = Harness()
        let host = harness.host
        let path = try await harness.install([], as: "libalpha.so")
        try host.load(path: path)
        let before = host.registry

        try await harness.install(["INIT_FAILS", Fixtures.reply("v2")], as: "libalpha.so")
        #expect(message(of: { try host.reload(name: "alpha") })
            == "Unable to reload alpha from \(path): sd_plugin_init reported failure (returned 1); generation 1 keeps serving")

        try await harness.install([Fixtures.name("beta")], as: "libalpha.so")
        #expect(message(of: { try host.reload(name: "alpha") })
            == "Unable to reload alpha from \(path): the file now declares plugin beta, not alpha; generation 1 keeps serving")

        try await harness.install(["ABI_MINOR=2"], as: "libalpha.so")
        #expect(message(of: { try host.reload(name: "alpha") })?.contains("built against ABI 1.2, this host speaks 1.1") == true)

        #expect(message(of: { try host.reload(name: "nobody") }) == "Unable to reload nobody: no plugin named nobody is loaded")
        #expect(host.registry == before)
        #expect(await host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])
        #expect(harness.copies.count == 1)
        await harness.finish()
    }

    @Test func twoHundredReloadsUnderConcurrentTurns() async throws {
        let harness = Harness()
        let host = harness.host
        let v1 = try await Fixtures.build([Fixtures.reply("v1")])
        let v2 = try await Fixtures.build([Fixtures.reply("v2")])
        try host.load(path: harness.install(v1, as: "libalpha.so"))
        let running = Flag(true)
        let outcomes = LockedList<TurnOutcome>()
        let seenCopies = LockedList<String>()

        let clock = ContinuousClock()
        let start = clock.now
        let turns = (0..<4).map { worker in
            Task {
                var index = 0
                while running.value {
                    let intent = index % 3 == 2 ? "alpha.context" : "alpha.echo"
                    outcomes.append(await host.runIntent(intent, turn: makeTurn(intent, call: "call-\(worker)-\(index)")))
                    index += 1
                }
            }
        }
        // The turns are running before the first reload (on a loaded 2-core CI machine the workers
        // once got no turn in before all 200 reloads were done), and get their chances between them.
        #expect(await waitUntil { !outcomes.values.isEmpty })
        for round in 0..<200 {
            try harness.install(round % 2 == 0 ? v2 : v1, as: "libalpha.so")
            try host.reload(name: "alpha")
            if let copy = host.generations().last(where: { $0.state == .active })?.imagePath { seenCopies.append(copy) }
            await Task.yield()
        }
        let reloadTime = clock.now - start
        running.value = false
        for task in turns { await task.value }

        let all = outcomes.values
        #expect(all.count > 0)
        #expect(all.allSatisfy { $0.status == .completed })
        #expect(all.allSatisfy { $0.says == ["v1"] || $0.says == ["v2"] || $0.says.count == 2 })
        #expect(await waitUntil { host.generations().allSatisfy { $0.state != .retiring } })
        let active = host.generations().filter { $0.state == .active }
        #expect(active.count == 1 && active.first?.generation == 201)
        #expect(harness.copies.count == 1)
        let stale = seenCopies.values.dropLast().filter(isMapped)
        #expect(stale.isEmpty, "old images still mapped: \(stale.count)")
        #expect(harness.logs.filter { $0.fromPlugin && $0.message.hasPrefix("unloading alpha") }.count == 200)
        print("200 reloads under \(all.count) concurrent turns: \(reloadTime)")
        await harness.finish()
    }
}
