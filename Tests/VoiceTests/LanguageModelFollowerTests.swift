import Agent
import Voice
import Foundation
import PluginHost
import Speech
import Testing
import TestSupport

/// The recogniser's domain language model follows the plugins: a plugin loaded later brings its
/// words, one unloaded takes them away.
@Suite(.serialized) struct LanguageModelFollowerTests {
    @Test func theLanguageModelIsRebuiltWhenPluginsChange() async throws {
        let work = try TestPaths.temporaryDirectory("lm-follow")
        defer { try? FileManager.default.removeItem(at: work) }
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = work.appendingPathComponent("data")
        configuration.log = { _ in }
        let host = PluginHost(configuration: configuration)
        try host.load(path: try TestPaths.bundledPlugin("Billing").path)
        let recognizer = try PocketSphinxRecognizer(
            phrases: [], configuration: PocketSphinxConfiguration(workDirectory: work, readyDecoders: 1)
        )
        let follower = LanguageModelFollower(recognizer: recognizer, plugins: host)
        await follower.settle()
        let billingOnly = recognizer.report
        #expect(billingOnly.phraseCount == host.registry.intents.values.flatMap(\.examples).count)
        #expect(follower.lastError == nil)

        let plugin = try await PluginBuilder.build("Tests/PluginFixtures/greeter.c", output: work.appendingPathComponent("libgreeter.so"))
        try host.load(path: plugin.path)
        await follower.settle()
        #expect(recognizer.report.phraseCount == billingOnly.phraseCount + 10)
        #expect(recognizer.report.vocabularySize > billingOnly.vocabularySize)  // "howdy", "greetings", …

        try host.unload(name: "greeter")
        await follower.settle()
        #expect(recognizer.report.phraseCount == billingOnly.phraseCount)
        #expect(recognizer.statistics.rebuilds >= 3)
        await host.shutdown()
    }
}
