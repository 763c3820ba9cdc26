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
            let answer = readiness(problems: problems, plugins: context.agent.plugins.registry.plugins, liveCalls: context.calls.count)
            return Response(
                status: answer.ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: answer.body))
            )
        }
    }

    /// `/readyz`'s answer: not ready with any problem; a degraded plugin (a handler or tool
    /// overran its deadline) is listed, but the host still takes calls (status `degraded`, 200):
    /// the other skills serve, and that plugin's turns fail gracefully.
    static func readiness(problems: [String], plugins: [PluginInfo], liveCalls: Int) -> (ready: Bool, body: String) {
        var degraded: [String] = []
        for plugin in plugins {
            if case .degraded(let reason) = plugin.health { degraded.append("plugin \(plugin.name) degraded: \(reason)") }
        }
        let ready = problems.isEmpty
        let status = !ready ? "not ready" : degraded.isEmpty ? "ready" : "degraded"
        let detail = (problems + degraded).map { "\"\(JSONString.escaped($0))\"" }.joined(separator: ",")
        return (ready, #"{"status":"\#(status)","live_calls":\#(liveCalls),"problems":[\#(detail)]}"#)
    }
}
