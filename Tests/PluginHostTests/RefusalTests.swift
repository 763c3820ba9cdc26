import Foundation
import PluginHost
import Testing

/// Every refused load names the file and the reason, changes nothing, and leaves a plugin that
/// was already loaded answering.
@Suite struct RefusalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var defines: [String]
        var reason: String
        /// Whether the plugin got SD_ERR from a registration function (it logs "registration refused").
        var registrationRefused = false

        var testDescription: String { defines.joined(separator: " ") }
    }

    static let beta = Fixtures.name("beta")

    static let cases: [Case] = [
        Case(defines: [beta, "NO_DESCRIBE"], reason: "no sd_plugin_describe symbol (not a SmartDesk plugin?)"),
        Case(defines: [beta, "NO_INIT"], reason: "no sd_plugin_init symbol"),
        Case(defines: [beta, "NULL_DESCRIPTOR"], reason: "sd_plugin_describe returned NULL"),
        Case(
            defines: [beta, "ABI_MINOR=3"],
            reason: "built against ABI 1.3, this host speaks 1.1: rebuild against this host's smartdesk.h or upgrade the host"
        ),
        Case(
            defines: [beta, "ABI_MAJOR=2", "ABI_MINOR=0"],
            reason: "built against ABI 2.0, this host speaks 1.1: rebuild against this host's smartdesk.h or upgrade the host"
        ),
        Case(
            defines: [beta, "ABI_MAJOR=0", "ABI_MINOR=9"],
            reason: "built against ABI 0.9, this host speaks 1.1: rebuild against this host's smartdesk.h"
        ),
        Case(defines: [beta, "DESCRIPTOR_SIZE=16"], reason: "descriptor size 16 is smaller than ABI 1.0's"),
        Case(
            defines: [beta, #"DESCRIPTOR_NAME="Bad Name""#],
            reason: "plugin name 'Bad Name' is invalid (use [a-z0-9_-], 1 to 64 bytes)"
        ),
        Case(defines: [beta, "INIT_FAILS"], reason: "sd_plugin_init reported failure (returned 1)"),
        Case(
            defines: [beta, "BAD_SLOT_TYPE"],
            reason: "invalid registration: register_intent: intent 'beta.bad': slot 'when' has unknown type 'datetime'",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "NO_QUESTION"], reason: "intent 'beta.bad': slot 'when' question is NULL",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "NO_EXAMPLES"], reason: "intent 'beta.bad': example_count is 0; give at least one example phrase",
            registrationRefused: true
        ),
        Case(defines: [beta, "NO_HANDLER"], reason: "intent 'beta.bad': handler is NULL", registrationRefused: true),
        Case(
            defines: [beta, "SIDE_EFFECTS_NO_CONFIRM"],
            reason: "intent 'beta.bad': SD_INTENT_SIDE_EFFECTS needs a yes_no slot", registrationRefused: true
        ),
        Case(
            defines: [beta, "UNKNOWN_INTENT_FLAG"], reason: "intent 'beta.bad': flags 0x80 has bits this host does not know",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "SMALL_SPEC"], reason: "register_intent: size 8 is smaller than SDIntentSpec of ABI 1.0",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "BAD_SCHEMA"], reason: "register_tool: tool 'beta_bad': parameters_json: ",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "BAD_CALLER_PARAM"],
            reason: "register_tool: tool 'beta_bad': caller_param 'n' is not a string parameter of the tool",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "UNKNOWN_TOOL_FLAG"],
            reason: "register_typed_tool: typed tool 'beta_bad': flags 0x20 has bits this host does not know",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "BAD_TYPED"], reason: "register_typed_tool: typed tool: params[0].type: 9 is not a known type",
            registrationRefused: true
        ),
        Case(
            defines: [beta, #"CLAIM_INTENT="alpha.echo""#],
            reason: "invalid registration: register_intent: intent 'alpha.echo' is already owned by plugin alpha",
            registrationRefused: true
        ),
        Case(
            defines: [beta, #"CLAIM_TOOL="alpha_echo""#],
            reason: "invalid registration: register_tool: tool 'alpha_echo' is already owned by plugin alpha",
            registrationRefused: true
        ),
        Case(
            defines: [beta, "MISSING_SYMBOL"],
            reason: "not a loadable shared library (" 
        ),
        Case(defines: [Fixtures.reply("again")], reason: "a plugin named alpha is already loaded (alpha generation 1 from "),
    ]

    @Test(arguments: cases)
    func refusedLoadNamesTheFileAndChangesNothing(_ refusal: Case) async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let before = harness.host.registry
        let path = try await harness.install(refusal.defines, as: "libcandidate.so")

        let text = try #require(message(of: { try harness.host.load(path: path) }))
        #expect(text.hasPrefix("Unable to load \(path): "))
        #expect(text.contains(refusal.reason))
        #expect(harness.host.registry == before)
        #expect(harness.copies.count == 1)  // the refused copy is gone
        #expect(harness.logs.contains { $0.level == .error && $0.message == text })
        #expect(harness.logs.contains { $0.fromPlugin && $0.message.hasPrefix("registration refused") } == refusal.registrationRefused)
        let outcome = await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo"))
        #expect(outcome.says == ["v1"] && outcome.status == .completed)
        await harness.finish()
    }

    @Test func missingSymbolQuotesTheLoader() async throws {
        let harness = Harness()
        let path = try await harness.install([Fixtures.name("beta"), "MISSING_SYMBOL"], as: "libmissing.so")
        let text = try #require(message(of: { try harness.host.load(path: path) }))
        #expect(text.contains("undefined symbol: sd_fixture_function_nobody_defines"))
        // dlerror names the private copy; the message names the operator's file instead.
        #expect(!text.contains(harness.copyDirectory.path))
        await harness.finish()
    }

    @Test func textFileAndRandomBytesAreNotSharedLibraries() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let text = harness.pluginDirectory.appendingPathComponent("libnotes.so")
        try Data(String(repeating: "plain text, not an ELF file\n", count: 20).utf8).write(to: text)
        let random = harness.pluginDirectory.appendingPathComponent("librandom.so")
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255) }).write(to: random)
        let tiny = harness.pluginDirectory.appendingPathComponent("libtiny.so")
        try Data("hi".utf8).write(to: tiny)

        for file in [text, random, tiny] {
            let text = try #require(message(of: { try harness.host.load(path: file.path) }))
            #expect(text.hasPrefix("Unable to load \(file.path): not a loadable shared library ("), "\(text)")
        }
        let missing = harness.pluginDirectory.appendingPathComponent("libnothing.so").path
        #expect(message(of: { try harness.host.load(path: missing) }) == "Unable to load \(missing): no such file")
        #expect(message(of: { try harness.host.load(path: harness.pluginDirectory.path) })
            == "Unable to load \(harness.pluginDirectory.path): it is a directory, not a shared library")

        #expect(harness.copies.count == 1)
        #expect(await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo")).says == ["v1"])
        await harness.finish()
    }

    @Test func initThatOverrunsIsRefusedAndReleasedWhenItReturns() async throws {
        let harness = Harness(lifecycleDeadline: .milliseconds(200))
        let path = try await harness.install([Fixtures.name("beta"), "HANG_INIT=700"], as: "libbeta.so")

        let text = try #require(message(of: { try harness.host.load(path: path) }))

        #expect(text == "Unable to load \(path): sd_plugin_init did not return within 200 ms (the image is released when it does)")
        #expect(harness.host.registry.plugins.isEmpty)
        #expect(await waitUntil { harness.logged("returned after its load was refused") })
        #expect(await waitUntil { harness.copies.isEmpty })
        #expect(harness.logs.contains { $0.fromPlugin && $0.message == "unloading beta v1" })

        try await harness.install([Fixtures.name("beta")], as: "libbeta.so")
        #expect(try harness.host.load(path: path).generation == 1)
        await harness.finish()
    }
}
