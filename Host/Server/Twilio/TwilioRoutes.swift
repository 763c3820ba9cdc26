import Agent
import Core
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// `POST /twilio/voice` (the call's webhook: TwiML that connects a media stream) and
/// `WS /twilio/stream` (the stream). Both check Twilio's signature when an auth token is set.
enum TwilioRoutes {
    static let voicePath = "/twilio/voice"
    static let streamPath = "/twilio/stream"
    static let signatureHeader = HTTPField.Name("X-Twilio-Signature")!

    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        router.post(RouterPath(stringLiteral: voicePath)) { request, requestContext -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let parameters = FormEncoding.decode(String(buffer: body))
            if let signature = context.signature {
                let url = context.baseURL + request.uri.string
                guard let given = request.headers[signatureHeader], signature.isValid(given, url: url, parameters: parameters) else {
                    requestContext.logger.warning("voice webhook refused: missing or invalid X-Twilio-Signature for \(url)")
                    return Response(status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "invalid signature\n")))
                }
            }
            let value = { (name: String) in parameters.first { $0.name == name }?.value }
            guard !context.calls.isDraining, context.calls.count < context.calls.limit else {
                requestContext.logger.info("call refused: draining or at the call limit", metadata: ["callSid": "\(value("CallSid") ?? "-")"])
                return xml(TwiML.sayAndHangUp(context.agent.configuration.session.wording.busy))
            }
            let token = context.tokens.mint(callSid: value("CallSid"), from: value("From"), to: value("To"))
            var streamParameters: [(name: String, value: String)] = [("sessionToken", token)]
            for (name, key) in [("from", "From"), ("to", "To"), ("callSid", "CallSid")] {
                if let found = value(key), !found.isEmpty { streamParameters.append((name, String(found.prefix(200)))) }
            }
            return xml(TwiML.connectStream(url: context.webSocketBaseURL + streamPath, parameters: streamParameters))
        }

        router.webSocket(RouterPath(stringLiteral: streamPath)) { request, requestContext in
            if let signature = context.signature {
                let url = context.webSocketBaseURL + request.uri.string
                guard let given = request.headers[signatureHeader], signature.isValid(given, url: url) else {
                    requestContext.logger.warning("stream upgrade refused: missing or invalid x-twilio-signature for \(url)")
                    return .dontUpgrade
                }
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, wsContext in
            let guarded = GuardedOutbound(
                outbound, channel: wsContext.requestContext.channel, deadline: context.configuration.writeDeadline, logger: wsContext.logger
            )
            let connection = TwilioStreamConnection(context: context, outbound: guarded, logger: wsContext.logger)
            let timeout = Task {
                try? await Task.sleep(for: context.configuration.startTimeout)
                if !Task.isCancelled { await connection.startTimedOut() }
            }
            defer { timeout.cancel() }
            do {
                for try await message in inbound.messages(maxSize: context.configuration.maximumMessageSize) {
                    if message.size > context.configuration.maximumMessageSize {
                        wsContext.logger.warning("closing the stream: a \(message.size)-byte message (Twilio sends under 1 KiB)")
                        try? await outbound.close(.messageTooLarge, reason: "message too large")
                        break
                    }
                    switch message {
                    case .text(let text): await connection.receive(text: text)
                    case .binary(let buffer): await connection.receiveBinary(size: buffer.readableBytes)
                    }
                    if await connection.isClosed { break }
                }
            } catch {
                wsContext.logger.warning("stream socket failed: \(error)")
            }
            await connection.socketClosed()
        }
    }

    static func xml(_ document: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: document))
        )
    }
}

extension WebSocketMessage {
    /// Bytes in the message.
    var size: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let buffer): buffer.readableBytes
        }
    }
}
