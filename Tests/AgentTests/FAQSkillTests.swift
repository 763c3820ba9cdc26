import AgentTestSupport
import Agent
import Core
import Foundation
import PluginHost
import Testing
import TestSupport

/// The bundled FAQ skill, loaded with dlopen beside the other bundled skills, answering from the
/// business profile it gets as settings.
@Suite(.serialized) struct FAQSkillTests {
    static let profile: [String: String] = [
        "address": "1420 Harbor Street, Suite 200",
        "parking": "There's free parking behind the building",
        "entries": #"[{"answer": "Yes, we see children from age three", "questions": ["do you see children", "can I bring my kid"]}]"#,
    ]

    static func harness(_ settings: [String: String]) async throws -> AgentHarness {
        try await AgentHarness(plugins: try AgentHarness.bundled() + [try TestPaths.bundledPlugin("FAQ")], settings: ["faq": settings])
    }

    @Test("configured facts and entries are answered; a topic left out is not guessed at")
    func answers() async throws {
        let harness = try await Self.harness(Self.profile)
        defer { Task { await harness.close() } }
        let intents = Set(harness.host.registry.intents.keys.filter { $0.hasPrefix("faq.") })
        #expect(intents == ["faq.address", "faq.parking", "faq.entry_1"])

        let call = harness.agent.startCall(caller: nil)
        _ = await call.begin()
        #expect(await call.handle("where can I park my car").replies.joined().contains("behind the building."))
        #expect(await call.handle("what's your address").replies.joined() .contains("We're at 1420 Harbor Street, Suite 200."))
        #expect(await call.handle("do you see kids").replies.joined().contains("from age three."))
        // No insurance fact configured: nobody answers it on a guess.
        let insurance = await call.handle("do you take Cigna insurance?")
        #expect(!insurance.handledBy.contains { $0.plugin == "faq" })
        #expect(insurance.replies.joined().contains("I don't know that"))
    }

    @Test("a config-only reload changes answers; new topics need a full reload")
    func reload() async throws {
        let harness = try await Self.harness(Self.profile)
        defer { Task { await harness.close() } }
        var changed = Self.profile
        changed["parking"] = "Parking is in the garage next door"
        try harness.host.reconfigure(name: "faq", settings: changed)
        let call = harness.agent.startCall(caller: nil)
        _ = await call.begin()
        #expect(await call.handle("is there parking").replies.joined().contains("garage next door."))

        var more = changed
        more["insurance"] = "We take most PPO plans"
        #expect(throws: PluginError.self) { try harness.host.reconfigure(name: "faq", settings: more) }
        #expect(await call.handle("is there parking").replies.joined().contains("garage next door."))
    }

    @Test("entries that are not JSON refuse the load, and the log says why")
    func badEntries() async throws {
        final class Log: @unchecked Sendable {
            let lock = NSLock()
            var lines: [String] = []
            func add(_ line: String) { lock.withLock { lines.append(line) } }
            var text: String { lock.withLock { lines.joined(separator: "\n") } }
        }
        let log = Log()
        let harness = try await AgentHarness(
            plugins: [], settings: ["faq": ["entries": "[{\"answer\": \"x\"}"]], log: { log.add($0.description) }
        )
        defer { Task { await harness.close() } }
        #expect(throws: PluginError.self) { try harness.host.load(path: try TestPaths.bundledPlugin("FAQ").path) }
        #expect(harness.host.registry.plugins.isEmpty)
        #expect(log.text.contains("entries is not a JSON array"), "\(log.text)")
    }
}
