import Agent
import AgentTestSupport
import Foundation
import HTTPClient
import HummingbirdWSClient
import PluginHost
@testable import Server
import Testing
import TestSupport

/// `/admin` over real sockets.
@Suite(.serialized) struct AdminTests {
    static func admin(_ harness: ServerHarness, _ method: String, _ path: String, token: String? = nil, body: String? = nil) async throws -> HTTPResponse {
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return try await HTTPClient.send(HTTPRequest(method: method, url: harness.url + path, headers: headers, body: body.map { Data($0.utf8) }))
    }

    @Test func withoutATokenLoopbackClientsManagePlugins() async throws {
        let harness = try await ServerHarness.start()
        let list = try await Self.admin(harness, "GET", "/admin/plugins")
        #expect(list.status == 200)
        let plugins = try JSONDecoder().decode(AdminPlugins.self, from: list.body).plugins
        #expect(plugins.map(\.name) == ["billing", "crm", "handoff", "scheduling"])
        #expect(plugins.first { $0.name == "scheduling" }?.intents.contains("scheduling.book") == true)

        let reload = try await Self.admin(harness, "POST", "/admin/plugins/billing/reload", body: "{}")
        #expect(reload.status == 200)
        let reloaded = try JSONDecoder().decode(AdminResult.self, from: reload.body)
        #expect(reloaded.ok)
        #expect(reloaded.plugin?.generation == 2)

        let unload = try await Self.admin(harness, "POST", "/admin/plugins/crm/unload", body: "{}")
        #expect(unload.status == 200)
        #expect(!harness.agent.host.registry.plugins.contains { $0.name == "crm" })
        let path = try TestPaths.bundledPlugin("CRM").path
        let load = try await Self.admin(harness, "POST", "/admin/plugins/load", body: #"{"path":"\#(path)"}"#)
        #expect(load.status == 200)
        #expect(harness.agent.host.registry.plugins.contains { $0.name == "crm" })

        // Refusals say why, and the host carries on.
        let missing = try await Self.admin(harness, "POST", "/admin/plugins/load", body: #"{"path":"\#(path).missing"}"#)
        #expect(missing.status == 422)
        #expect(missing.text.contains("no such file"))
        // Without a token, nothing outside the host's plugin folders is opened.
        let outside = try await Self.admin(harness, "POST", "/admin/plugins/load", body: #"{"path":"/nonexistent/libx.so"}"#)
        #expect(outside.status == 403)
        #expect(outside.text.contains("libx.so") && outside.text.contains("SMARTDESK_ADMIN_TOKEN"))
        let garbage = try await Self.admin(harness, "POST", "/admin/plugins/load", body: "nope")
        #expect(garbage.status == 400)
        let unknown = try await Self.admin(harness, "POST", "/admin/plugins/nosuch/reload", body: "{}")
        #expect(unknown.status == 404 || unknown.status == 422)
        #expect(!(try JSONDecoder().decode(AdminResult.self, from: unknown.body).ok))

        let calls = try await Self.admin(harness, "GET", "/admin/calls")
        #expect(calls.status == 200)
        #expect(try JSONDecoder().decode(AdminCalls.self, from: calls.body).calls.isEmpty)
        let handoffs = try await Self.admin(harness, "GET", "/admin/handoffs")
        #expect(handoffs.status == 200)
        await harness.close()
    }

    @Test("without a token, a library outside the plugin folders is refused before it is opened")
    func tokenlessLoadsComeOnlyFromThePluginFolders() async throws {
        let harness = try await ServerHarness.start()
        let folder = try TestPaths.temporaryDirectory("outside-plugins")
        let copy = folder.appendingPathComponent("libCRM.so")
        try FileManager.default.copyItem(at: try TestPaths.bundledPlugin("CRM"), to: copy)
        _ = try await Self.admin(harness, "POST", "/admin/plugins/crm/unload", body: "{}")
        let load = try await Self.admin(harness, "POST", "/admin/plugins/load", body: #"{"path":"\#(copy.path)"}"#)
        #expect(load.status == 403)
        #expect(!harness.agent.host.registry.plugins.contains { $0.name == "crm" })
        await harness.close()
        try? FileManager.default.removeItem(at: folder)
    }

    @Test("a truncated copy of a plugin is refused with the reason, and the host keeps serving")
    func aTruncatedLibraryIsRefusedNotFatal() async throws {
        let harness = try await ServerHarness.start { $0.adminToken = "adm1n" }
        let folder = try TestPaths.temporaryDirectory("truncated-plugins")
        let whole = try Data(contentsOf: try TestPaths.bundledPlugin("Billing"))
        for size in [1_000, 4_096, 20_000, whole.count / 2, whole.count - 1] {
            let cut = folder.appendingPathComponent("libCut\(size).so")
            try whole.prefix(size).write(to: cut)
            let load = try await Self.admin(harness, "POST", "/admin/plugins/load", token: "adm1n", body: #"{"path":"\#(cut.path)"}"#)
            #expect(load.status == 422, "\(size) bytes")
            #expect(load.text.contains("not a loadable shared library"), "\(load.text)")
        }
        let health = try await HTTPClient.send(HTTPRequest(method: "GET", url: harness.url + "/healthz"))
        #expect(health.status == 200)
        await harness.close()
        try? FileManager.default.removeItem(at: folder)
    }

    @Test func learnedExamplesAreListedAndRemoved() async throws {
        let harness = try await ServerHarness.start()
        try harness.agent.agent.learned.add(intent: "billing.balance", text: "what am I sitting at")
        let list = try await Self.admin(harness, "GET", "/admin/learned")
        #expect(list.status == 200)
        #expect(try Self.decoder.decode(AdminLearned.self, from: list.body).examples.map(\.text) == ["what am i sitting at"])

        let bad = try await Self.admin(harness, "DELETE", "/admin/learned", body: "{}")
        #expect(bad.status == 400)
        let missing = try await Self.admin(harness, "DELETE", "/admin/learned", body: #"{"intent":"billing.pay","text":"what am I sitting at"}"#)
        #expect(missing.status == 404)
        let removed = try await Self.admin(harness, "DELETE", "/admin/learned", body: #"{"intent":"billing.balance","text":"What am I sitting at?"}"#)
        #expect(removed.status == 200)
        #expect(harness.agent.agent.learned.all.isEmpty)
        await harness.close()
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    @Test func aConfiguredTokenIsRequired() async throws {
        let harness = try await ServerHarness.start { $0.adminToken = "adm1n" }
        #expect(try await Self.admin(harness, "GET", "/admin/plugins").status == 401)
        #expect(try await Self.admin(harness, "GET", "/admin/plugins", token: "wrong").status == 401)
        #expect(try await Self.admin(harness, "GET", "/admin/plugins", token: "adm1n").status == 200)
        // Health checks need no token.
        #expect(try await harness.get("/healthz").status == 200)
        await harness.close()
    }

    @Test func liveCallsAreListed() async throws {
        let harness = try await ServerHarness.start()
        let token = try await RawStream.token(from: harness, callSid: "CAlisted")
        let stream = RawStream()
        try await stream.run(harness) { outbound, stream in
            try await outbound.write(.text(stream.start(token: token, callSid: "CAlisted")))
            #expect(await eventually { harness.context.calls.count == 1 })
            let response = try await Self.admin(harness, "GET", "/admin/calls")
            let calls = try JSONDecoder().decode(AdminCalls.self, from: response.body).calls
            #expect(calls.map(\.id) == ["CAlisted"])
            #expect(calls.first?.transport == "twilio")
            #expect(calls.first?.caller == "+15551230001")
            try await outbound.write(.text(stream.stop))
        }
        await harness.close()
    }
}
