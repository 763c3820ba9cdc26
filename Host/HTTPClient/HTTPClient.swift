import CCurl
import Foundation

/// Outbound HTTP over libcurl: one blocking transfer per request, run on a thread of its own so
/// the cooperative pool never waits on the network.
///
/// ```swift
/// let response = try await HTTPClient.send(HTTPRequest(
///     method: "POST", url: "https://api.twilio.com/2010-04-01/Accounts/AC…/Calls/CA….json",
///     headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8),
///     basicAuth: (sid, token)))
/// ```
public enum HTTPClient {
    private static let initialised: Bool = {
        curl_global_init(3 /* CURL_GLOBAL_DEFAULT */) == CURLE_OK
    }()

    /// libcurl's global set-up, once per process; false when it failed.
    static func start() -> Bool { initialised }

    /// What every request sets on its handle: URL, method, headers, basic auth, no signals, no
    /// redirects. Returns the header list, which the caller frees after the transfer.
    static func prepare(_ curl: UnsafeMutableRawPointer, for request: HTTPRequest) -> UnsafeMutablePointer<curl_slist>? {
        var headers: UnsafeMutablePointer<curl_slist>?
        for (name, value) in request.headers { headers = curl_slist_append(headers, "\(name): \(value)") }
        _ = sd_curl_set_string(curl, CURLOPT_URL, request.url)
        _ = sd_curl_set_string(curl, CURLOPT_CUSTOMREQUEST, request.method)
        _ = sd_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = sd_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        if let headers { _ = sd_curl_set_slist(curl, CURLOPT_HTTPHEADER, headers) }
        if let (user, password) = request.basicAuth {
            _ = sd_curl_set_long(curl, CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC */)
            _ = sd_curl_set_string(curl, CURLOPT_USERNAME, user)
            _ = sd_curl_set_string(curl, CURLOPT_PASSWORD, password)
        }
        return headers
    }

    /// Runs `transfer` with the request's body attached (libcurl reads it during the transfer,
    /// so it must stay in place until then).
    static func withBody<T>(_ curl: UnsafeMutableRawPointer, of request: HTTPRequest, _ transfer: () -> T) -> T {
        (request.body ?? Data()).withUnsafeBytes { raw in
            if request.body != nil || request.method == "POST" || request.method == "PUT" {
                _ = sd_curl_set_long(curl, CURLOPT_POSTFIELDSIZE, raw.count)
                _ = sd_curl_set_pointer(curl, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
            return transfer()
        }
    }

    /// Sends `request` and returns the response, whatever its status. Throws ``HTTPClientError``
    /// when no response came (connection refused, timeout, bad URL).
    public static func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let result: Result<HTTPResponse, HTTPClientError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: perform(request)) }
            thread.name = "http-client"
            thread.start()
        }
        return try result.get()
    }

    private final class Collected {
        var body = Data()
        let limit: Int
        var truncated = false
        init(limit: Int) { self.limit = limit }
    }

    private static func perform(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPClientError> {
        guard initialised, let curl = curl_easy_init() else { return .failure(HTTPClientError("libcurl could not start")) }
        defer { curl_easy_cleanup(curl) }
        let headers = prepare(curl, for: request)
        defer { curl_slist_free_all(headers) }
        _ = sd_curl_set_long(curl, CURLOPT_TIMEOUT_MS, Int(Milliseconds.of(request.timeout)))
        _ = sd_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(Milliseconds.of(min(request.timeout, .seconds(10)))))
        let collected = Collected(limit: request.maximumResponseSize)
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        _ = sd_curl_set_pointer(curl, CURLOPT_WRITEDATA, box.toOpaque())
        _ = sd_curl_set_write_function(curl) { data, size, count, userdata in
            guard let data, let userdata else { return 0 }
            let collected = Unmanaged<Collected>.fromOpaque(userdata).takeUnretainedValue()
            let length = size * count
            guard collected.body.count + length <= collected.limit else {
                collected.truncated = true
                return 0
            }
            collected.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
            return length
        }
        let code = withBody(curl, of: request) { curl_easy_perform(curl) }
        if collected.truncated {
            return .failure(HTTPClientError("the response from \(request.url) is larger than \(request.maximumResponseSize) bytes"))
        }
        guard code == CURLE_OK else {
            return .failure(HTTPClientError("\(request.method) \(request.url): \(String(cString: curl_easy_strerror(code)))"))
        }
        var status = 0
        _ = sd_curl_get_response_code(curl, &status)
        return .success(HTTPResponse(status: status, body: collected.body))
    }
}

/// One request.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    public var basicAuth: (user: String, password: String)?
    public var timeout: Duration
    public var maximumResponseSize: Int

    public init(
        method: String = "GET", url: String, headers: [(String, String)] = [], body: Data? = nil,
        basicAuth: (user: String, password: String)? = nil, timeout: Duration = .seconds(10), maximumResponseSize: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.timeout = timeout
        self.maximumResponseSize = maximumResponseSize
    }
}

/// A response: its status and body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// No response came.
public struct HTTPClientError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

enum Milliseconds {
    static func of(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}
