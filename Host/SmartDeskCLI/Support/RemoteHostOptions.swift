import ArgumentParser
import Foundation
import HTTPClient
import Server

/// `--url`: act on a running host through its admin API instead of a host started for the command.
struct RemoteHostOptions: ParsableArguments {
    @Option(help: "A running host's base URL (e.g. http://127.0.0.1:8080); its admin API is used. Token: $SMARTDESK_ADMIN_TOKEN.")
    var url: String?

    var client: AdminClient? {
        url.map { AdminClient(base: $0, token: ProcessInfo.processInfo.environment["SMARTDESK_ADMIN_TOKEN"]) }
    }
}

/// A small client of `/admin`.
struct AdminClient {
    let base: String
    let token: String?

    private var headers: [(String, String)] {
        var headers = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        return headers
    }

    func get<Value: Decodable>(_ path: String) async throws -> Value {
        let response = try await send(HTTPRequest(url: base + path, headers: headers))
        guard response.status == 200 else { throw CLIError.exit(CLIError(message(response))) }
        do {
            return try JSONDecoder().decode(Value.self, from: response.body)
        } catch {
            throw CLIError.exit(CLIError("unexpected answer from \(base + path): \(response.text.prefix(200))"))
        }
    }

    func post(_ path: String, json: String) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: "POST", url: base + path, headers: headers + [("Content-Type", "application/json")], body: Data(json.utf8)))
    }

    /// Prints a load/unload/reload answer; a refusal exits non-zero with the host's reason.
    func report(_ response: HTTPResponse) async throws {
        guard response.status == 200, let result = try? JSONDecoder().decode(AdminResult.self, from: response.body), result.ok else {
            throw CLIError.exit(CLIError(message(response)))
        }
        let time = result.milliseconds.map { String(format: " in %.2f ms", $0) } ?? ""
        print("\(result.message)\(time)")
        if let plugin = result.plugin { PluginsCommand.printRemote(plugin) }
    }

    private func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        do {
            return try await HTTPClient.send(request)
        } catch {
            throw CLIError.exit(CLIError("cannot reach the host at \(base): \(error)"))
        }
    }

    func message(_ response: HTTPResponse) -> String {
        if let result = try? JSONDecoder().decode(AdminResult.self, from: response.body) { return "the host refused (\(response.status)): \(result.message)" }
        return "the host answered \(response.status): \(response.text.prefix(200))"
    }
}
