import Agent
import Core
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import PluginHost

/// `/healthz`: the process answers. `/readyz`: it should get calls (plugins indexed, not draining).
enum HealthRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("/readyz") { _, _ in
            var problems: [String] = []
            if context.calls.isDraining { problems.append("draining: no new calls") }
            if let error = context.agent.indexError { problems.append(error) }
            if context.agent.plugins.registry.intents.isEmpty { problems.append("no skills loaded") }
            let ready = problems.isEmpty
            let detail = problems.map { "\"\(JSONString.escaped($0))\"" }.joined(separator: ",")
            let body = #"{"status":"\#(ready ? "ready" : "not ready")","live_calls":\#(context.calls.count),"problems":[\#(detail)]}"#
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}
