import Foundation
import PluginHost
import Testing

/// ABI 1.1 tool fields: a tool is offered to the agent's model only when flagged for it, with the
/// caller parameter hidden from the model and filled by the host; a plugin built against the
/// ABI 1.0 header (a shorter struct) keeps its tools the operator's, whatever lies after it.
@Suite struct ModelToolAccessTests {
    @Test func flaggedToolsAreForTheModelWithTheCallerParameterHidden() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install(["MODEL_TOOLS"], as: "libalpha.so"))
        let tools = harness.host.registry.tools
        let mine = try #require(tools["alpha_mine"])
        #expect(mine.access == ToolAccess(forModel: true, hasSideEffects: false, callerParameter: "phone"))
        let visible = try #require(try JSONSerialization.jsonObject(with: Data(ModelToolSchema.visible(mine).utf8)) as? [String: Any])
        #expect((visible["properties"] as? [String: Any])?.keys.sorted() == ["day"])
        #expect(visible["required"] as? [String] == ["day"])
        // The model's arguments get the caller's number, whatever it wrote there.
        let arguments = try #require(ModelToolSchema.arguments(#"{"day":"2026-12-01","phone":"+15550000000"}"#, for: mine, caller: "+15551230001"))
        #expect(arguments.contains("+15551230001") && !arguments.contains("+15550000000"))
        #expect(ModelToolSchema.arguments("{}", for: mine, caller: nil) == nil, "no caller, no call")
        #expect(ModelToolSchema.arguments("[1]", for: mine, caller: "+15551230001") == nil)

        #expect(try #require(tools["alpha_old"]).access == ToolAccess())
        #expect(try #require(tools["alpha_echo"]).access == ToolAccess())
        await harness.finish()
    }
}
