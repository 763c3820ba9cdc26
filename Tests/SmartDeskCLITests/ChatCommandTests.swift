import Foundation
import Testing
import TestSupport

/// The `smartdesk` executable as an operator runs it: `chat --script` prints one caller line and
/// one agent line per turn; `plugins load` refuses a file that is not a plugin with its reason.
@Suite(.serialized) struct ChatCommandTests {
    func smartdesk(_ arguments: [String]) async throws -> Executable.Run {
        try await Executable.run(Executable.smartdesk, arguments)
    }

    @Test func scriptPrintsTheTranscript() async throws {
        let folder = try TestPaths.temporaryDirectory("chat")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("call.txt")
        try """
        # a short call
        caller: what's my balance
        I want to pay forty two fifty
        yes

        no that's all, goodbye
        """.write(to: script, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("analytics.db").path
        let run = try await smartdesk(["chat", "--script", script.path, "--caller", "+15551230001",
                                       "--now", "2026-11-25T10:00", "--data-dir", folder.appendingPathComponent("data").path,
                                       "--database", database])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.split(separator: "\n").map(String.init) == [
            "agent: Hi Dana, thanks for calling Brightside Dental. How can I help you today?",
            "caller: what's my balance",
            "agent: Your balance is $142.50.",
            "caller: I want to pay forty two fifty",
            "agent: To confirm: a payment of $42.50 from the card ending 4242 on account 4271. Shall I go ahead?",
            "caller: yes",
            "agent: Done. I've taken $42.50; your new balance is $100.00. Your confirmation number is P-10003.",
            "caller: no that's all, goodbye",
            "agent: Thanks for calling. Goodbye!",
            "-- call ended",
        ])
        // The call was recorded: today's report has it, with the keys the issue names.
        let report = try await smartdesk(["report", "daily", "--json", "--database", database])
        #expect(report.status == 0, "\(report.errors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
        for key in ["calls", "resolution_rate", "escalation_rate", "fast_path_share", "clarification_success_rate", "intents", "latency_ms"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["calls"] as? Int == 1)
        #expect(json["resolution_rate"] as? Double == 1)
        #expect((json["intents"] as? [String: Int])?["billing.balance"] == 1)
        #expect((json["latency_ms"] as? [String: Any])?["end_to_end"] != nil)
        // The text report reads the same store; a date that does not exist is refused.
        let text = try await smartdesk(["report", "daily", "--database", database])
        #expect(text.output.contains("calls                      1"), "\(text.output)")
        let bad = try await smartdesk(["report", "daily", "--date", "2026-02-30", "--database", database])
        #expect(bad.status != 0 && bad.errors.contains("YYYY-MM-DD"), "\(bad.errors)")
    }

    @Test func loadingSomethingThatIsNotAPluginIsRefusedWithTheReason() async throws {
        let folder = try TestPaths.temporaryDirectory("notaplugin")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bogus = folder.appendingPathComponent("libnotes.so")
        try "just some notes".write(to: bogus, atomically: true, encoding: .utf8)
        let run = try await smartdesk(["plugins", "load", bogus.path, "--no-bundled", "--data-dir", folder.path])
        #expect(run.status == 1)
        #expect(run.errors.contains(bogus.path))
        #expect(run.errors.contains("not a loadable shared library"), "\(run.errors)")
    }

    @Test("a plugin that fails to load stops start-up with the reason, unless --allow-missing-plugins")
    func aPluginThatFailsToLoadStopsStartUp() async throws {
        let folder = try TestPaths.temporaryDirectory("strict")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("libgone.so").path
        let strict = try await smartdesk(["plugins", "list", "--plugin", missing, "--data-dir", folder.path])
        #expect(strict.status == 1)
        #expect(strict.errors.contains("libgone.so") && strict.errors.contains("--allow-missing-plugins"), "\(strict.errors)")
        let lenient = try await smartdesk(["plugins", "list", "--plugin", missing, "--allow-missing-plugins", "--data-dir", folder.path])
        #expect(lenient.status == 0, "\(lenient.errors)")
        #expect(lenient.errors.contains("libgone.so"))
        #expect(lenient.output.contains("scheduling 1.0.0"))
    }

    @Test("[plugins] bundled chooses the bundled skills; a [plugins.NAME] table naming no loaded plugin is an error")
    func bundledSkillsAreChosenAndUnknownPluginTablesRefused() async throws {
        let folder = try TestPaths.temporaryDirectory("bundled")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("smartdesk.toml")
        try "[plugins]\nbundled = [\"handoff\"]\n".write(to: config, atomically: true, encoding: .utf8)
        let handoffOnly = try await smartdesk(["plugins", "list", "--config", config.path, "--data-dir", folder.path])
        #expect(handoffOnly.status == 0, "\(handoffOnly.errors)")
        #expect(handoffOnly.output.contains("handoff 1.0.0"))
        #expect(!handoffOnly.output.contains("scheduling") && !handoffOnly.output.contains("billing"))

        try "[plugins.nosuch]\nkey = \"value\"\n".write(to: config, atomically: true, encoding: .utf8)
        let unknown = try await smartdesk(["plugins", "list", "--config", config.path, "--data-dir", folder.path])
        #expect(unknown.status == 1)
        #expect(unknown.errors.contains("[plugins.nosuch]"), "\(unknown.errors)")

        try "[plugins]\nbundled = [\"dental\"]\n".write(to: config, atomically: true, encoding: .utf8)
        let wrong = try await smartdesk(["plugins", "list", "--config", config.path, "--data-dir", folder.path])
        #expect(wrong.status == 1)
        #expect(wrong.errors.contains("dental") && wrong.errors.contains("scheduling"), "\(wrong.errors)")
    }

    @Test("every bundled skill in its own worker process gives the same call, word for word")
    func isolatedSkillsGiveTheSameCall() async throws {
        let folder = try TestPaths.temporaryDirectory("isolated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("call.txt")
        try """
        hi there, what's my balance
        I want to pay forty two fifty
        actually make it forty
        yes
        can I book a cleaning next tuesday at 2pm
        yes
        that's all, thanks
        """.write(to: script, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("smartdesk.toml")
        try "[plugins]\nisolation = \"process\"\n".write(to: config, atomically: true, encoding: .utf8)
        func chat(_ name: String, _ extra: [String]) async throws -> Executable.Run {
            try await smartdesk(["chat", "--script", script.path, "--caller", "+15551230001", "--now", "2026-11-25T10:00",
                                 "--data-dir", folder.appendingPathComponent(name).path,
                                 "--database", folder.appendingPathComponent("\(name).db").path] + extra)
        }
        let inProcess = try await chat("in-process", [])
        let isolated = try await chat("isolated", ["--config", config.path])
        #expect(inProcess.status == 0 && isolated.status == 0, "\(isolated.errors)")
        #expect(isolated.output == inProcess.output)
        #expect(isolated.output.contains("$40.00"), "\(isolated.output)")
        let list = try await smartdesk(["plugins", "list", "--config", config.path, "--data-dir", folder.appendingPathComponent("list").path])
        #expect(list.output.split(separator: "\n").filter { $0.contains("· generation") && $0.contains("own process") }.count == 5, "\(list.output)")
    }

    @Test func listShowsTheBundledPlugins() async throws {
        let folder = try TestPaths.temporaryDirectory("list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try await smartdesk(["plugins", "list", "--data-dir", folder.path])
        #expect(run.status == 0, "\(run.errors)")
        for name in ["billing 1.0.0", "crm 1.0.0", "handoff 1.0.0", "scheduling 1.0.0", "intent scheduling.book", "tool billing_balance_cents (typed)"] {
            #expect(run.output.contains(name), "missing \(name) in \(run.output)")
        }
    }

    @Test("a caller turn longer than [wording] max_utterance_chars gets the business's too_long line, and the call goes on")
    func anOverlongTurnGetsTheConfiguredLine() async throws {
        let folder = try TestPaths.temporaryDirectory("chat-wording")
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("smartdesk.toml")
        try """
        [wording]
        too_long = "Whoa, one thing at a time please. What do you need?"
        max_utterance_chars = 100
        """.write(to: config, atomically: true, encoding: .utf8)
        let script = folder.appendingPathComponent("call.txt")
        try """
        \(String(repeating: "so I was thinking about maybe ", count: 6))
        what are your opening hours
        """.write(to: script, atomically: true, encoding: .utf8)
        let run = try await smartdesk(["chat", "--config", config.path, "--script", script.path, "--now", "2026-11-25T10:00",
                                       "--data-dir", folder.appendingPathComponent("data").path, "--database", "off"])
        #expect(run.status == 0, "\(run.errors)")
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("agent: Whoa, one thing at a time please. What do you need?"), "\(lines)")
        #expect(lines.last?.contains("Monday to Friday") == true, "\(lines)")
    }
}
