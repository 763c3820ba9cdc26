import Agent
import AgentTestSupport
import Embeddings
import Foundation
import LLM
import LLMTestSupport
import PluginHost
import Testing
import TestSupport

@Suite("Paraphrases written by a model and filtered at plugin load")
struct ParaphraseTests {
    @Test("a model's reply is read as lines, list marks and quotes off, headings, repeats and the examples dropped")
    func readsReplies() {
        let request = ParaphraseRequest(intent: "billing.balance", description: "check your balance", examples: ["what's my balance"], count: 4)
        let reply = """
        Here are four ways a caller might say it:
        1. "How much do I owe at the moment?"
        2) what's my balance
        - Could you tell me what I owe
        * could you tell me what I owe!
        • ‘What's the damage on my account’

        3. Any money due on my account?
        4. one more past the count
        """
        #expect(request.candidates(in: reply) == [
            "How much do I owe at the moment?", "Could you tell me what I owe", "What's the damage on my account", "Any money due on my account?",
        ])
        #expect(request.chat.messages.last?.content?.contains("- what's my balance") == true)
        #expect(request.chat.messages.last?.content?.contains("Write 4 other things") == true)
    }

    /// Answers a paraphrase request for the balance with lines of which one drifted to booking an
    /// appointment and one copies an example; every other intent gets an empty list.
    static func answer(_ body: String) -> ScriptedLLMServer.Reply? {
        guard body.contains("other things such a caller might say") else { return nil }
        guard body.contains("check your account balance") else { return .content("") }
        return .content("""
        how much money do I owe you at the moment
        what is the total I still owe on my account
        I'd like to book an appointment for Friday morning
        what's my balance
        tell me the outstanding amount on my bill please
        """)
    }

    @Test("the kept paraphrases join the index under the plugin, the drifted and copied ones do not; a restart asks the model nothing")
    func keepsFilteredParaphrases() async throws {
        let server = try await ScriptedLLMServer.start()
        server.respond(with: Self.answer)
        let folder = try TestPaths.temporaryDirectory("paraphrases")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cacheFile = folder.appendingPathComponent("paraphrases.json")
        let configuration = server.configuration(model: "scripted")

        let harness = try await AgentHarness(
            plugins: try AgentHarness.bundled(),
            paraphraser: Paraphraser(configuration: configuration, perIntent: 5, cache: try ParaphraseCache(file: cacheFile))
        )
        await harness.agent.settleParaphrases()
        let kept = harness.agent.index.snapshot.examples.filter { $0.source.hasPrefix("paraphrases:") }
        let keptTexts = Set(kept.map(\.text))
        #expect(keptTexts.contains("how much money do I owe you at the moment"))
        #expect(keptTexts.contains("what is the total I still owe on my account"))
        #expect(!keptTexts.contains("I'd like to book an appointment for Friday morning"))
        #expect(!keptTexts.contains("what's my balance"))
        #expect(kept.allSatisfy { $0.intent == "billing.balance" })
        let report = try #require(harness.agent.paraphraseReport)
        #expect(report.contains("paraphrases kept"))
        let asked = server.requestBodies.count
        #expect(asked == harness.host.registry.intents.count)
        // The calibrated decision is retrained with them.
        #expect(harness.agent.index.model?.examples == harness.agent.index.snapshot.count)
        await harness.close()

        // A second host with the same cache: the same paraphrases, not one request more.
        server.respond(with: { _ in .error(500, "should not be asked") })
        let again = try await AgentHarness(
            plugins: try AgentHarness.bundled(),
            paraphraser: Paraphraser(configuration: configuration, perIntent: 5, cache: try ParaphraseCache(file: cacheFile))
        )
        await again.agent.settleParaphrases()
        #expect(server.requestBodies.count == asked)
        #expect(Set(again.agent.index.snapshot.examples.filter { $0.source.hasPrefix("paraphrases:") }.map(\.text)) == keptTexts)

        // A reload of the plugin swaps its paraphrases with its examples (from the cache again).
        let billing = try #require(again.host.registry.intents["billing.balance"]?.plugin)
        _ = try again.host.reload(name: billing)
        await again.agent.settleParaphrases()
        let afterReload = again.agent.index.snapshot.examples.filter { $0.source.hasPrefix("paraphrases:") }
        #expect(Set(afterReload.map(\.text)) == keptTexts)
        #expect(afterReload.count == kept.count)
        #expect(server.requestBodies.count == asked)

        // Unloading it takes them out.
        try again.host.unload(name: billing)
        await again.agent.settleParaphrases()
        #expect(again.agent.index.snapshot.examples.allSatisfy { !$0.source.hasPrefix("paraphrases:") })
        await again.close()
        await server.stop()
    }

    @Test("a model that fails leaves the examples as they were, says why, and calls go on")
    func modelDown() async throws {
        let server = try await ScriptedLLMServer.start()
        server.respond(with: { _ in .error(400, "no such model") })
        let harness = try await AgentHarness(
            plugins: try AgentHarness.bundled(),
            paraphraser: Paraphraser(
                configuration: server.configuration(model: "missing"), perIntent: 5, cache: try ParaphraseCache()
            )
        )
        await harness.agent.settleParaphrases()
        #expect(harness.agent.index.snapshot.examples.allSatisfy { !$0.source.hasPrefix("paraphrases:") })
        #expect(harness.agent.paraphraseReport?.contains("intents failed") == true)
        let call = harness.agent.startCall(caller: "+15551230001")
        _ = await call.begin()
        let turn = await call.handle("what's my balance")
        #expect(turn.replies.joined().contains("$"))
        await harness.close()
        await server.stop()
    }
}
