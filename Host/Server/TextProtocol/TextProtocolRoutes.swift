import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `WS /llm-websocket/{call_id}`: the text-transcript protocol.
enum TextProtocolRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.webSocket("/llm-websocket/:call_id") { request, _ in
            guard let id = request.uri.path.split(separator: "/").last, !id.isEmpty, id.count <= 128 else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, wsContext in
            guard let id = wsContext.request.uri.path.split(separator: "/").last.map(String.init) else { return }
            let trust = ConnectionTrust(request: wsContext.request, secret: context.configuration.textSecret)
            guard trust != .refused else {
                wsContext.logger.warning("text socket refused: it did not present the text protocol's secret")
                try? await outbound.close(RefusalCode.unauthorized, reason: "this host needs the text protocol's secret")
                return
            }
            guard let call = context.textCalls.call(id, limit: context.configuration.maximumLiveCalls, context: context, logger: wsContext.logger) else {
                wsContext.logger.warning("text socket refused: the host has as many calls as it takes")
                try? await outbound.close(RefusalCode.busy, reason: "the host is at its call limit")
                return
            }
            let presented = wsContext.request.headers[HTTPField.Name("X-SmartDesk-Resume")!]
                ?? wsContext.request.uri.queryParameters["resume"].map(String.init)
            let socket: Int
            do {
                let guarded = GuardedOutbound(
                    outbound, channel: wsContext.requestContext.channel, deadline: context.configuration.writeDeadline,
                    logger: wsContext.logger
                )
                socket = try await call.attach(guarded, trust: trust, resumeToken: presented)
            } catch TextCall.Refusal.inUse {
                try? await outbound.close(RefusalCode.callInUse, reason: "this call is in progress; resuming it needs its resume token")
                return
            } catch {
                try? await outbound.close(RefusalCode.ended, reason: "this call has ended")
                return
            }
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

