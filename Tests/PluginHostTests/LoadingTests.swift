import Core
import Foundation
import PluginHost
import Testing

@Suite struct LoadingTests {
    @Test func goodPluginLoadsWithItsIntentsAndTools() async throws {
        let harness = Harness(settings: ["alpha": ["greeting": "hi"]])
        let versions = VersionLog()
        harness.host.observe { versions.append($0.version) }
        let path = try await harness.install([], as: "libalpha.so")

        let info = try harness.host.load(path: path)

        #expect(info.name == "alpha")
        #expect(info.version == "1.0-v1")
        #expect(info.description == "the test plugin")
        #expect(info.path == path)
        #expect(info.generation == 1)
        #expect(!info.permanent && !info.keepMapped)
        #expect(info.health == .healthy)
        #expect(info.intentNames.count == 10)
        #expect(info.intentNames == info.intentNames.sorted())
        #expect(info.toolNames.count == 10)

        let registry = harness.host.registry
        #expect(registry.version == 1)
        #expect(registry.plugins == [info])
        let context = try #require(registry.intents["alpha.context"])
        #expect(context.plugin == "alpha" && context.generation == 1)
        #expect(context.examples == ["say something", "echo please"])
        #expect(context.slots == [
            RegisteredSlot(name: "date", kind: .date, question: "Which date?", optional: false),
            RegisteredSlot(name: "note", kind: .text, question: "Anything to add?", optional: true),
        ])
        #expect(registry.intents["alpha.human"]?.isEscalationTarget == true)
        #expect(registry.intents["alpha.echo"]?.isEscalationTarget == false)
        #expect(registry.tools["alpha_echo"]?.kind == .json)
        #expect(registry.tools["alpha_echo"]?.parametersSchema == #"{"type":"object","properties":{}}"#)
        let add = try #require(registry.tools["alpha_add"])
        #expect(add.kind == .typed)
        #expect(add.parametersSchema.contains(#""a""#) && add.parametersSchema.contains("integer"))

        #expect(versions.values == [1])
        #expect(harness.copies.count == 1)
        #expect(FileManager.default.fileExists(atPath: harness.root.appendingPathComponent("data/alpha").path))
        #expect(harness.logged("Loaded alpha generation 1"))
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "init alpha v1" && $0.plugin == "alpha" })
        #expect(!harness.logged("registration refused"))

        let outcome = await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo"))
        #expect(outcome == TurnOutcome(plugin: "alpha", generation: 1, says: ["v1"]))
        await harness.finish()
    }

    @Test func configurationValuesAndDataDirectoryReachThePlugin() async throws {
        let harness = Harness(settings: ["alpha": ["greeting": "hi"]])
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let dataDirectory = harness.root.appendingPathComponent("data/alpha", isDirectory: true).path

        var outcome = await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config"))
        #expect(outcome.says.first == "hi")
        #expect(URL(fileURLWithPath: outcome.says.last ?? "").standardizedFileURL.path
            == URL(fileURLWithPath: dataDirectory).standardizedFileURL.path)

        try harness.host.reconfigure(name: "alpha", settings: ["greeting": "hello"])
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "configured" })
        outcome = await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config"))
        #expect(outcome.says.first == "hello")
        #expect(harness.host.registry.plugins.first?.generation == 1)

        #expect(message(of: { try harness.host.reconfigure(name: "alpha", settings: ["greeting": "fail"]) }) == "Unable to reconfigure alpha: sd_plugin_configure reported failure (returned 1)")
        outcome = await harness.host.runIntent("alpha.config", turn: makeTurn("alpha.config"))
        #expect(outcome.says.first == "hello")

        #expect(message(of: { try harness.host.reconfigure(name: "nobody", settings: [:]) }) == "Unable to reconfigure nobody: no plugin named nobody is loaded")
        await harness.finish()
    }

    @Test func unloadThenLoadAgain() async throws {
        let harness = Harness()
        let path = try await harness.install([], as: "libalpha.so")
        try harness.host.load(path: path)
        let firstCopy = try #require(harness.host.generations().first?.imagePath)
        #expect(isMapped(firstCopy))

        try harness.host.unload(name: "alpha")

        #expect(harness.host.registry.plugins.isEmpty)
        #expect(harness.host.registry.intents.isEmpty && harness.host.registry.tools.isEmpty)
        #expect(harness.host.generations().map(\.state) == [.retired])
        #expect(!isMapped(firstCopy))
        #expect(harness.copies.isEmpty)
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "unloading alpha v1" })
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).status == .unknownIntent)

        let again = try harness.host.load(path: path)
        #expect(again.generation == 2)
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])

        #expect(message(of: { try harness.host.unload(name: "nobody") }) == "Unable to unload nobody: no plugin named nobody is loaded")
        await harness.finish()
    }

    @Test func loadAllLoadsEverySharedLibraryAndReportsEachResult() async throws {
        let harness = Harness()
        try await harness.install([], as: "libalpha.so")
        try await harness.install([Fixtures.name("beta")], as: "libbeta.so")
        try Data("not a library, just text that is long enough to have a header".utf8)
            .write(to: harness.pluginDirectory.appendingPathComponent("libtext.so"))
        try Data("notes".utf8).write(to: harness.pluginDirectory.appendingPathComponent("README.txt"))

        let results = harness.host.loadAll(in: harness.pluginDirectory)

        #expect(results.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["libalpha.so", "libbeta.so", "libtext.so"])
        #expect(results.filter { (try? $0.result.get()) != nil }.count == 2)
        #expect(harness.host.registry.plugins.map(\.name) == ["alpha", "beta"])
        guard case .failure(let error) = results[2].result else {
            Issue.record("the text file loaded")
            return
        }
        #expect(error.message.hasPrefix("Unable to load \(results[2].path): not a loadable shared library ("))

        let other = Harness()
        try await other.install([], as: "libalpha.so")
        try await other.install([Fixtures.name("beta")], as: "libbeta.so")
        let only = other.host.loadAll(in: other.pluginDirectory, only: ["libbeta.so"])
        #expect(only.count == 1)
        #expect(other.host.registry.plugins.map(\.name) == ["beta"])
        await harness.finish()
        await other.finish()
    }

    @Test func observersSeeEverySwapInVersionOrder() async throws {
        let harness = Harness()
        let versions = VersionLog()
        harness.host.observe { versions.append($0.version) }
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        try await harness.host.load(path: harness.install([Fixtures.name("beta")], as: "libbeta.so"))
        try harness.host.reload(name: "alpha")
        try harness.host.unload(name: "beta")
        #expect(versions.values == [1, 2, 3, 4])
        #expect(harness.host.registry.version == 4)
        await harness.finish()
        #expect(versions.values == [1, 2, 3, 4, 5])
        #expect(harness.host.registry.plugins.isEmpty)
    }
}

/// Collects registry versions from an observer.
final class VersionLog: Sendable {
    private let box = LockedList<Int>()
    func append(_ version: Int) { box.append(version) }
    var values: [Int] { box.values }
}
