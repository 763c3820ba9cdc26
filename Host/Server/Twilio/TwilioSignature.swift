import Crypto
import Foundation

/// Checks `X-Twilio-Signature`: base64 of HMAC-SHA1, keyed with the account's auth token, over
/// the full URL Twilio called followed by every form parameter's name and value in name order.
///
/// Twilio itself is inconsistent about default ports, so a URL is tried with and without
/// `:443`/`:80`. A JSON body is covered by a `bodySHA256` query parameter instead, checked here
/// against the body. The WebSocket upgrade is signed the same way over the `wss://` URL from the
/// TwiML, with no parameters. Comparison is constant-time.
public struct TwilioSignature: Sendable {
    private let key: SymmetricKey

    public init(authToken: String) {
        key = SymmetricKey(data: Data(authToken.utf8))
    }

    /// The signature Twilio sends for `url` with form `parameters`.
    public func signature(url: String, parameters: [(name: String, value: String)] = []) -> String {
        Data(HMAC<Insecure.SHA1>.authenticationCode(for: Data(Self.signedString(url: url, parameters: parameters).utf8), using: key))
            .base64EncodedString()
    }

    /// True when `signature` is Twilio's for `url` (with or without its default port) and `parameters`.
    public func isValid(_ signature: String, url: String, parameters: [(name: String, value: String)] = []) -> Bool {
        guard let given = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)) else { return false }
        for candidate in Self.portVariants(of: url) {
            let message = Data(Self.signedString(url: candidate, parameters: parameters).utf8)
            if HMAC<Insecure.SHA1>.isValidAuthenticationCode(given, authenticating: message, using: key) { return true }
        }
        return false
    }

    /// True when `signature` covers `url` and the URL's `bodySHA256` matches `body` (JSON webhooks).
    public func isValid(_ signature: String, url: String, body: Data) -> Bool {
        guard let components = URLComponents(string: url),
              let claimed = components.queryItems?.first(where: { $0.name == "bodySHA256" })?.value else { return false }
        let actual = SHA256.hash(data: body).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        guard ConstantTime.equal(Array(claimed.lowercased().utf8), Array(actual.utf8)) else { return false }
        return isValid(signature, url: url)
    }

    /// URL, then for each name in code-point order its values sorted and de-duplicated, each as name + value.
    static func signedString(url: String, parameters: [(name: String, value: String)]) -> String {
        var byName: [String: Set<String>] = [:]
        for (name, value) in parameters { byName[name, default: []].insert(value) }
        var result = url
        for name in byName.keys.sorted(by: { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }) {
            for value in byName[name]!.sorted(by: { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }) {
                result += name + value
            }
        }
        return result
    }

    /// `url` as given, plus the form with its default port added or removed.
    static func portVariants(of url: String) -> [String] {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else { return [url] }
        let defaultPort: Int
        switch scheme {
        case "https", "wss": defaultPort = 443
        case "http", "ws": defaultPort = 80
        default: return [url]
        }
        if components.port == defaultPort {
            components.port = nil
        } else if components.port == nil {
            components.port = defaultPort
        } else {
            return [url]
        }
        guard let other = components.string else { return [url] }
        return [url, other]
    }
}

/// Comparison whose time does not depend on where the inputs differ (secrets, signatures).
enum ConstantTime {
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
