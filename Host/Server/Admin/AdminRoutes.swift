import Agent
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import PluginHost

/// `/admin`: live calls, plugins (list, load, unload, reload), tools (call), the handoff log and
/// the learned examples (list, remove), as JSON.
/// With `SMARTDESK_ADMIN_TOKEN` set every request needs `Authorization: Bearer <token>`; without
/// one, only loopback peers are answered, and a load takes only files in the host's own plugin
/// folders (`ServerConfiguration.pluginDirectories`). docs/admin-api.md has every route.
enum AdminRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        let admin = router.group("admin").add(middleware: AdminAuthentication(token: context.configuration.adminToken))

        admin.get("calls") { _, _ in
            let now = Date()
            let calls = context.calls.snapshot.map { call in
                AdminCall(
                    id: call.id, transport: call.transport, caller: call.caller, state: call.state, intent: call.intent,
                    turns: call.turns, seconds: (now.timeIntervalSince(call.started) * 10).rounded() / 10
                )
            }
            return try json(AdminCalls(calls: calls, draining: context.calls.isDraining))
        }

        admin.get("plugins") { _, _ in
            try json(AdminPlugins(plugins: pluginList(context.agent.plugins.registry)))
        }

        admin.post("plugins/load") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            guard let load = try? JSONDecoder().decode(AdminLoad.self, from: Data(body.readableBytesView)), !load.path.isEmpty else {
                return error(.badRequest, #"send {"path": "/path/to/libplugin.so"}"#)
            }
            if context.configuration.adminToken == nil, let refusal = outsidePluginFolders(load.path, context: context) {
                context.logger.warning("admin: refused to load \(load.path): \(refusal)")
                return error(.forbidden, refusal)
            }
            return try timed(context) { try context.agent.plugins.load(path: load.path) }
        }

        admin.post("plugins/:name/reload") { _, requestContext -> Response in
            let name = try requestContext.parameters.require("name")
            return try timed(context) { try context.agent.plugins.reload(name: name) }
        }

        admin.post("plugins/:name/unload") { _, requestContext -> Response in
            let name = try requestContext.parameters.require("name")
            do {
                try context.agent.plugins.unload(name: name)
            } catch {
                return self.error(statusFor(error), "\(error)")
            }
            context.logger.info("admin: unloaded \(name)")
            return try json(AdminResult(ok: true, message: "unloaded \(name)", plugin: nil, milliseconds: nil))
        }

        admin.post("tools/:name") { request, requestContext -> Response in
            let name = try requestContext.parameters.require("name")
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let arguments = body.readableBytes == 0 ? "{}" : String(decoding: body.readableBytesView, as: UTF8.self)
            do {
                let result = try await context.agent.plugins.callTool(name, argumentsJSON: arguments)
                context.logger.info("admin: called tool \(name)")
                // The tool's JSON as it answered (checked by the host's strict parser).
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: result)))
            } catch {
                return self.error((error as? PluginError)?.isUnknownTool == true ? .notFound : .unprocessableContent, "\(error)")
            }
        }

        AdminQueueRoutes.add(to: admin, context: context)

        admin.get("handoffs") { _, _ in
            try json(AdminHandoffs(handoffs: context.handoffs.all.reversed()))
        }

        admin.get("learned") { _, _ in
            try json(AdminLearned(examples: context.agent.learned.all.map {
                AdminLearnedExample(intent: $0.intent, text: $0.text, learned_at: $0.learnedAt)
            }))
        }

        admin.delete("learned") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 16 * 1024)
            guard let example = try? JSONDecoder().decode(AdminForget.self, from: Data(body.readableBytesView)),
                  !example.intent.isEmpty, !example.text.isEmpty else {
                return error(.badRequest, #"send {"intent": "billing.pay", "text": "the learned phrase"}"#)
            }
            do {
                guard try context.agent.learned.remove(intent: example.intent, text: example.text) else {
                    return error(.notFound, "no learned example \"\(example.text)\" for \(example.intent)")
                }
            } catch {
                return self.error(.internalServerError, "could not save the learned examples: \(error)")
            }
            context.logger.info("admin: forgot a learned example of \(example.intent)")
            return try json(AdminResult(ok: true, message: "removed", plugin: nil, milliseconds: nil))
        }
    }

    /// Without an admin token a load must come from one of the host's plugin folders: a library's
    /// constructors run as soon as it is opened, before any check of what it registers.
    static func outsidePluginFolders(_ path: String, context: ServerContext) -> String? {
        let folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent().standardizedFileURL.path
        let allowed = context.configuration.pluginDirectories.map {
            URL(fileURLWithPath: $0, isDirectory: true).resolvingSymlinksInPath().standardizedFileURL.path
        }
        guard !allowed.contains(folder) else { return nil }
        let folders = allowed.isEmpty ? "none are configured" : allowed.joined(separator: ", ")
        return "without SMARTDESK_ADMIN_TOKEN this host loads plugins only from its own plugin folders (\(folders)); "
            + "\(path) is not in one. Copy it there, or set the token to load from anywhere"
    }

    /// Runs a load or reload, reporting the plugin and how long it took, or why it was refused.
    private static func timed(_ context: ServerContext, _ operation: () throws -> PluginInfo) throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let info = try operation()
            let elapsed = clock.now - started
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info("admin: \(info.name) generation \(info.generation) loaded")
            let plugin = pluginList(context.agent.plugins.registry).first { $0.name == info.name }
            return try json(AdminResult(ok: true, message: "\(info.name) \(info.version) generation \(info.generation)", plugin: plugin, milliseconds: milliseconds))
        } catch {
            context.logger.warning("admin: refused: \(error)")
            return self.error(statusFor(error), "\(error)")
        }
    }

    private static func statusFor(_ error: any Error) -> HTTPResponse.Status {
        "\(error)".contains("no plugin named") || "\(error)".contains("not loaded") ? .notFound : .unprocessableContent
    }

    static func pluginList(_ registry: Registry) -> [AdminPlugin] {
        registry.plugins.map { plugin in
            let health: String = switch plugin.health {
            case .healthy: "healthy"
            case .degraded(let reason): "degraded: \(reason)"
            }
            return AdminPlugin(
                name: plugin.name, version: plugin.version, generation: plugin.generation, health: health, path: plugin.path,
                intents: plugin.intentNames.sorted(), tools: plugin.toolNames.sorted(),
                isolation: plugin.isolated ? "process" : "in-process"
            )
        }
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONEncoder().encode(AdminResult(ok: false, message: message, plugin: nil, milliseconds: nil))) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// Bearer token when configured (or the dashboard's cookie holding it); otherwise loopback peers
/// only. A change (POST, DELETE) authenticated by the cookie alone must also carry
/// `X-SmartDesk-Dashboard: 1`, which another site's page cannot send: no cross-site request forgery.
struct AdminAuthentication: RouterMiddleware {
    typealias Context = SmartDeskRequestContext
    let token: String?

    static let cookieName = "smartdesk_admin"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let token {
            let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            let cookie = Self.cookie(Self.cookieName, in: request)
            let given = bearer ?? cookie ?? ""
            guard ConstantTime.equal(Array(given.utf8), Array(token.utf8)) else {
                return AdminRoutes.error(.unauthorized, "the admin API needs Authorization: Bearer <SMARTDESK_ADMIN_TOKEN>")
            }
            if bearer == nil, request.method != .get, request.method != .head,
               request.headers[HTTPField.Name("X-SmartDesk-Dashboard")!] != "1" {
                return AdminRoutes.error(.forbidden, "a change made with the dashboard's cookie needs the X-SmartDesk-Dashboard: 1 header")
            }
        } else {
            guard Self.isLoopback(context.remoteAddress) else {
                return AdminRoutes.error(.forbidden, "the admin API without SMARTDESK_ADMIN_TOKEN answers loopback clients only")
            }
        }
        return try await next(request, context)
    }

    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0] == name { return String(parts[1]) }
            }
        }
        return nil
    }

    static func isLoopback(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress else { return false }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }
}

public struct AdminCall: Codable, Sendable, Equatable {
    public var id: String
    public var transport: String
    public var caller: String?
    public var state: String
    public var intent: String?
    public var turns: Int
    public var seconds: Double
}

public struct AdminCalls: Codable, Sendable {
    public var calls: [AdminCall]
    public var draining: Bool
}

public struct AdminPlugin: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    public var generation: Int
    public var health: String
    public var path: String
    public var intents: [String]
    public var tools: [String]
    /// "in-process", or "process" for a plugin in its own worker (absent from older hosts).
    public var isolation: String?
}

public struct AdminPlugins: Codable, Sendable {
    public var plugins: [AdminPlugin]
}

public struct AdminResult: Codable, Sendable {
    public var ok: Bool
    public var message: String
    public var plugin: AdminPlugin?
    public var milliseconds: Double?
}

public struct AdminHandoffs: Codable, Sendable {
    public var handoffs: [HandoffLog.Entry]
}

struct AdminLoad: Codable {
    var path: String
}

public struct AdminLearnedExample: Codable, Sendable, Equatable {
    public var intent: String
    public var text: String
    public var learned_at: Date
}

public struct AdminLearned: Codable, Sendable {
    public var examples: [AdminLearnedExample]
}

struct AdminForget: Codable {
    var intent: String
    var text: String
}
