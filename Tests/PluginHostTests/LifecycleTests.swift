import Foundation
import PluginHost
import SmartDeskSDK
import Testing

@Suite struct LifecycleTests {
    @Test func permanentPluginRefusesUnloadAndReload() async throws {
        let harness = Harness()
        let path = try await harness.install([Fixtures.name("gamma"), "FLAGS=\(SD_PLUGIN_PERMANENT)"], as: "libgamma.so")
        let info = try harness.host.load(path: path)
        #expect(info.permanent)

        #expect(message(of: { try harness.host.unload(name: "gamma") })
            == "Unable to unload gamma: it is permanent (SD_PLUGIN_PERMANENT)")
        #expect(message(of: { try harness.host.reload(name: "gamma") })
            == "Unable to reload gamma: it is permanent (SD_PLUGIN_PERMANENT)")
        #expect(harness.host.registry.plugins.map(\.name) == ["gamma"])

        // At shutdown it is told to unload, but its image stays mapped.
        let copy = try #require(harness.host.generations().first?.imagePath)
        await harness.host.shutdown()
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "unloading gamma v1" })
        #expect(isMapped(copy))
        await harness.finish()
    }

    @Test func keepMappedPluginIsRetiredButStaysMapped() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([Fixtures.name("delta"), "FLAGS=\(SD_PLUGIN_KEEP_MAPPED)"], as: "libdelta.so"))
        #expect(harness.host.registry.plugins.first?.keepMapped == true)
        let copy = try #require(harness.host.generations().first?.imagePath)

        try harness.host.unload(name: "delta")

        #expect(harness.host.generations().first?.state == .retired)
        #expect(isMapped(copy))
        #expect(!FileManager.default.fileExists(atPath: copy))
        await harness.finish()
    }

    @Test func shutdownWaitsForRunningTurnsThenRefusesLoads() async throws {
        let harness = Harness(handlerDeadline: .seconds(20))
        let host = harness.host
        let path = try await harness.install([], as: "libalpha.so")
        try host.load(path: path)
        try await host.load(path: harness.install([Fixtures.name("beta")], as: "libbeta.so"))
        let gate = harness.root.appendingPathComponent("gate").path
        let blocked = Task {
            await host.runIntent("alpha.block", turn: makeTurn("alpha.block", call: "call-9", values: ["test.gate": gate]))
        }
        #expect(await waitUntil { host.generations().contains { $0.callIDs == ["call-9"] } })

        let shutdown = Task { await host.shutdown() }
        #expect(await waitUntil { host.registry.plugins.isEmpty })
        #expect(await waitUntil { host.generations().first { $0.plugin == "beta" }?.state == .retired })
        #expect(host.generations().first { $0.plugin == "alpha" }?.state == .retiring)
        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        await shutdown.value

        #expect(await blocked.value.says == ["v1"])
        #expect(host.generations().allSatisfy { $0.state == .retired })
        #expect(harness.copies.isEmpty)
        #expect(message(of: { try host.load(path: path) }) == "Unable to load \(path): the plugin host is shut down")
        await harness.finish()
    }

    @Test func unloadDuringATurnRetiresNowAndUnloadsWhenTheTurnEnds() async throws {
        let harness = Harness(handlerDeadline: .seconds(20))
        let host = harness.host
        try await host.load(path: harness.install([], as: "libalpha.so"))
        let gate = harness.root.appendingPathComponent("gate").path
        let blocked = Task {
            await host.runIntent("alpha.block", turn: makeTurn("alpha.block", call: "call-3", values: ["test.gate": gate]))
        }
        #expect(await waitUntil { host.generations().first?.callIDs == ["call-3"] })
        let copy = try #require(host.generations().first?.imagePath)

        try host.unload(name: "alpha")

        #expect(host.registry.plugins.isEmpty)
        #expect(await host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).status == .unknownIntent)
        #expect(host.generations().first?.state == .retiring)
        #expect(harness.logged("Unloading alpha: retiring; it unloads when its running turns end"))
        #expect(isMapped(copy))

        _ = FileManager.default.createFile(atPath: gate, contents: Data())
        #expect(await blocked.value.says == ["v1"])
        #expect(await waitUntil { host.generations().first?.state == .retired })
        #expect(!isMapped(copy))
        await harness.finish()
    }
}
