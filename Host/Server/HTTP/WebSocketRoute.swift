import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

extension Router where Context == SmartDeskRequestContext {
    /// A WebSocket route (the host's only way to add one): a request that does not ask for a
    /// WebSocket is not upgraded (405), and the request's handler reference is released when the
    /// socket's handler ends, so the request context is not kept in a cycle (``WebSocketSlot``).
    func webSocket(
        _ path: RouterPath,
        shouldUpgrade: @Sendable @escaping (Request, Context) async throws -> RouterShouldUpgrade,
        onUpgrade handler: @escaping WebSocketDataHandler<WebSocketRouterContext<Context>>
    ) {
        ws(path) { request, context in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else { return .dontUpgrade }
            return try await shouldUpgrade(request, context)
        } onUpgrade: { inbound, outbound, wsContext in
            defer { wsContext.requestContext.slot.release() }
            try await handler(inbound, outbound, wsContext)
        }
    }
}
