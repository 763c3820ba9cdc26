import Foundation
import HTTPTypes
import Hummingbird
import NIOWebSocket

/// Whether a text-protocol or local-audio connection has proven who it is (docs/security.md).
///
/// A caller ID is customer data's key: the CRM greets by it, Billing reads the balance by it. So
/// it is taken only from a connection that presents the secret configured for its transport
/// (`SMARTDESK_TEXT_SECRET`, `SMARTDESK_AUDIO_SECRET`) in an `Authorization: Bearer …` or
/// `X-SmartDesk-Secret` header, or a `secret` query parameter for clients that cannot set headers.
/// With no secret configured every connection is served anonymously: no caller ID, so no
/// customer's data. With one configured, a connection without it is refused.
enum ConnectionTrust: Equatable, Sendable {
    /// Presented the configured secret: its caller ID is believed.
    case trusted
    /// No secret is configured: served, but as a caller nobody can name.
    case anonymous
    /// A secret is configured and this connection did not present it.
    case refused

    init(request: Request, secret: String?) {
        guard let secret, !secret.isEmpty else {
            self = .anonymous
            return
        }
        self = Self.presented(request).map { Self.equal($0, secret) } == true ? .trusted : .refused
    }

    /// The secret a request presents, if any.
    static func presented(_ request: Request) -> String? {
        if let authorization = request.headers[.authorization], authorization.lowercased().hasPrefix("bearer ") {
            return String(authorization.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        if let header = request.headers[HTTPField.Name("X-SmartDesk-Secret")!] { return header }
        return request.uri.queryParameters["secret"].map(String.init)
    }

    /// Compares in time that depends only on the lengths, not on where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

/// The close codes a refused connection gets (private-use range 4000–4999).
enum RefusalCode {
    /// The transport's secret is configured and was not presented.
    static let unauthorized = WebSocketErrorCode.unknown(4401)
    /// The call is another connection's: resuming it needs its resume token.
    static let callInUse = WebSocketErrorCode.unknown(4409)
    /// The host serves as many calls as it is configured to.
    static let busy = WebSocketErrorCode.unknown(4429)
    /// The call has ended.
    static let ended = WebSocketErrorCode.unknown(4410)
}
