import Hummingbird
import HummingbirdWebSocket
import Logging

/// `WS /llm-websocket/{call_id}`: the text-transcript protocol.
enum TextProtocolRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.ws("/llm-websocket/:call_id") { request, _ in
            guard let id = request.uri.path.split(separator: "/").last, !id.isEmpty, id.count <= 128 else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, wsContext in
            guard let id = wsContext.request.uri.path.split(separator: "/").last.map(String.init) else { return }
            let call = context.textCalls.call(id, context: context, logger: wsContext.logger)
            guard !(await call.ended) else { return }
            let socket = await call.attach(outbound)
            do {
                for try await message in inbound.messages(maxSize: context.configuration.maximumTextMessageSize) {
                    switch message {
                    case .text(let text):
                        await call.receive(text, socket: socket)
                    case .binary:
                        wsContext.logger.warning("dropped: a binary frame on the text protocol")
                    }
                    if await call.ended { break }
                }
            } catch {
                wsContext.logger.warning("text socket failed: \(error)")
            }
            await call.detach(socket)
        }
    }
}
