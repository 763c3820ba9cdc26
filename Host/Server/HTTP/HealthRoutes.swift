import Agent
import Core
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import PluginHost

/// `/healthz`: the process answers. `/readyz`: it should get calls (plugins indexed, not draining);
/// 200 with status `degraded` and the reasons when a plugin is degraded but the host still serves.
enum HealthRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        let openAPI = OpenAPIDocument.json()
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        router.get("/readyz") { _, _ in
            var problems: [String] = []
            if context.calls.isDraining { problems.append("draining: no new calls") }
            if let error = context.agent.indexError { problems.append(error) }
            if context.agent.plugins.registry.intents.isEmpty { problems.append("no skills loaded") }
            let ready = problems.isEmpty
            // A degraded plugin (a handler or tool overran its deadline) is reported, but the host
            // still takes calls: the other skills serve, and the plugin's turns fail gracefully.
            var degraded: [String] = []
            for plugin in context.agent.plugins.registry.plugins {
                if case .degraded(let reason) = plugin.health { degraded.append("plugin \(plugin.name) degraded: \(reason)") }
            }
            let status = !ready ? "not ready" : degraded.isEmpty ? "ready" : "degraded"
            let detail = (problems + degraded).map { "\"\(JSONString.escaped($0))\"" }.joined(separator: ",")
            let body = #"{"status":"\#(status)","live_calls":\#(context.calls.count),"problems":[\#(detail)]}"#
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
