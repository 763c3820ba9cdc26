import AgentTestSupport
import Agent
import Foundation
import PluginHost
import Testing
import TestSupport

/// The tutorial plugin, built with nothing but `cc -shared -fPIC` and the header, works in a
/// real agent: intents, a slot, per-call values, configuration, and both kinds of tool.
@Suite(.serialized) struct ExamplePluginTests {
    @Test func tutorialPluginBuildsWithPlainCCAndAnswers() async throws {
        let build = try TestPaths.temporaryDirectory("hello")
        defer { try? FileManager.default.removeItem(at: build) }
        let plugin = try await PluginBuilder.build("SDK/examples/hello_plugin.c", output: build.appendingPathComponent("libhello.so"))
        let harness = try await AgentHarness(plugins: [plugin], settings: ["hello": ["business_name": "Acme Dental"]])
        defer { Task { await harness.close() } }

        let info = try #require(harness.host.registry.plugins.first { $0.name == "hello" })
        #expect(Set(info.intentNames) == ["hello.opening_hours", "hello.callback"])

        let call = harness.agent.startCall(caller: "+15550001111")
        _ = await call.begin()
        var report = await call.handle("when are you open")
        #expect(report.intent == "hello.opening_hours")
        #expect(report.replies.first?.hasPrefix("Acme Dental is open Monday to Friday") == true)
        report = await call.handle("what are your opening hours")
        #expect(report.replies.first?.hasPrefix("Sure, once more: ") == true)  // a per-call value counted the asks

        report = await call.handle("can someone call me back")
        #expect(report.replies == ["What time should we call you back?"])
        report = await call.handle("half past three")
        #expect(report.replies == ["Okay, we'll call you back at 3:30 PM."])

        let hours = try await harness.host.callTool("hello_hours", argumentsJSON: #"{"day":"saturday"}"#)
        #expect(hours.contains("10"))
        let minutes = try await harness.host.callTool("hello_minutes_until_close", argumentsJSON: #"{"hour":16,"minute":30}"#)
        #expect(minutes == "30")
        await #expect(throws: PluginError.self) {
            _ = try await harness.host.callTool("hello_hours", argumentsJSON: #"{"day":42}"#)
        }
    }
}
