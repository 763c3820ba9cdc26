import Foundation
import PluginHost
import Testing

@Suite struct ToolTests {
    /// The tool's result, or the message of the error it threw.
    private func call(_ host: PluginHost, _ tool: String, _ arguments: String) async -> Result<String, PluginError> {
        do {
            return .success(try await host.callTool(tool, argumentsJSON: arguments))
        } catch {
            return .failure(error)
        }
    }

    private func failure(_ result: Result<String, PluginError>) -> String? {
        guard case .failure(let error) = result else { return nil }
        return error.message
    }

    @Test func jsonToolsAnswerOrFailWithAReason() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let host = harness.host

        #expect(try await call(host, "alpha_echo", #"{"amount": 42.5, "note": "ok"}"#).get() == #"{"amount": 42.5, "note": "ok"}"#)
        let invalid = try #require(failure(await call(host, "alpha_bad_json", "{}")))
        #expect(invalid.hasPrefix("Tool alpha_bad_json of plugin alpha failed: tool_result: the text is not valid JSON: "))
        #expect(failure(await call(host, "alpha_error", "{}")) == "Tool alpha_error of plugin alpha failed: account locked")
        #expect(failure(await call(host, "alpha_fail", "{}"))
            == "Tool alpha_fail of plugin alpha failed: the tool returned 1 without calling tool_error")
        #expect(failure(await call(host, "alpha_silent", "{}"))
            == "Tool alpha_silent of plugin alpha failed: the tool returned without calling tool_result or tool_error")
        #expect(failure(await call(host, "nope", "{}")) == "No tool named nope is loaded")
        #expect(failure(await call(host, "alpha_echo", "[1]"))
            == "Invalid arguments for tool alpha_echo: the arguments must be a JSON object")
        let notJSON = try #require(failure(await call(host, "alpha_echo", "{oops")))
        #expect(notJSON.hasPrefix("Invalid arguments for tool alpha_echo: the text is not valid JSON"))
        await harness.finish()
    }

    @Test("JSON tool arguments are checked against the declared schema before the plugin sees them")
    func jsonToolArgumentsAreCheckedAgainstTheirSchema() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let host = harness.host
        #expect(try await call(host, "alpha_pay", #"{"amount": 60, "method": "card", "items": [1, 2]}"#).get()
            == #"{"amount": 60, "method": "card", "items": [1, 2]}"#)
        #expect(failure(await call(host, "alpha_pay", "{}")) == "Invalid arguments for tool alpha_pay: amount: required")
        #expect(failure(await call(host, "alpha_pay", #"{"amount": "sixty"}"#))
            == "Invalid arguments for tool alpha_pay: amount: expected a number, got a string")
        #expect(failure(await call(host, "alpha_pay", #"{"amount": -5}"#))
            == "Invalid arguments for tool alpha_pay: amount: -5 is below the minimum 0")
        #expect(failure(await call(host, "alpha_pay", #"{"amount": 60, "method": "cash"}"#))
            == #"Invalid arguments for tool alpha_pay: method: "cash" is not one of "card", "bank""#)
        #expect(failure(await call(host, "alpha_pay", #"{"amount": 60, "items": [1, 2.5]}"#))
            == "Invalid arguments for tool alpha_pay: items[1]: expected an integer, got 2.5")
        #expect(failure(await call(host, "alpha_pay", #"{"amount": 60, "tip": 5}"#))
            == "Invalid arguments for tool alpha_pay: tip: not a declared parameter (declared: amount, items, method)")
        // The plugin never saw the bad calls: it is healthy and answers the next good one.
        #expect(try await call(host, "alpha_pay", #"{"amount": 1}"#).get() == #"{"amount": 1}"#)
        await harness.finish()
    }

    @Test func typedToolsAreCalledThroughTheHost() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let host = harness.host

        #expect(try await call(host, "alpha_add", #"{"a": 2, "b": 40}"#).get() == "42")
        #expect(try await call(host, "alpha_reply", "{}").get() == #""v1""#)
        let missing = await call(host, "alpha_add", #"{"a": 2}"#)
        guard case .failure(let error) = missing else {
            Issue.record("a missing argument was accepted")
            return
        }
        #expect(error.isInvalidArguments)
        #expect(error.message.hasPrefix("Invalid arguments for tool alpha_add: "))
        #expect(error.message.contains("\"b\""))
        await harness.finish()
    }
}
