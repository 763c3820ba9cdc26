import Foundation
import Locks

/// Single-use tokens minted by the voice webhook and redeemed by the stream's `start`: a socket
/// that did not come from a webhook answered by this host is not bridged. Tokens expire.
public final class SessionTokens: Sendable {
    public struct Entry: Sendable, Equatable {
        public var callSid: String?
        public var from: String?
        public var to: String?
        public var minted: ContinuousClock.Instant
    }

    public let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    public init(lifetime: Duration = .seconds(60)) {
        self.lifetime = lifetime
    }

    /// A new token for a call (256 random bits, base64url).
    public func mint(callSid: String?, from: String?, to: String?) -> String {
        let token = Self.randomToken()
        let now = ContinuousClock.now
        entries.withLock { entries in
            entries = entries.filter { now - $0.value.minted < lifetime }
            entries[token] = Entry(callSid: callSid, from: from, to: to, minted: now)
        }
        return token
    }

    /// 256 random bits, base64url without padding.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The call a token was minted for, once: a second redemption, an unknown or an expired
    /// token gives nil.
    public func redeem(_ token: String) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries.removeValue(forKey: token) else { return nil }
            return ContinuousClock.now - entry.minted < lifetime ? entry : nil
        }
    }
}
