import Foundation
import Voice

/// How the host serves: where it listens, what URL the world reaches it at, Twilio's secrets
/// (from the environment only), and how calls drain on shutdown.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The URL Twilio and callers reach this host at (`https://agent.example.com`); signatures are
    /// checked against it, never against proxy-rewritten headers. Default: `http://host:port`.
    public var publicURL: String?
    /// Twilio account credentials: with both, transfers and hang-ups go through Twilio's REST API.
    public var twilio: TwilioCredentials?
    /// The number a transfer dials (E.164).
    public var transferNumber: String?
    /// Twilio's REST API root (a local stand-in in tests).
    public var twilioAPIBase: String
    /// Bearer token for `/admin`; without one the admin API answers loopback clients only.
    public var adminToken: String?
    /// The host's own plugin folders. Without an admin token, `/admin/plugins/load` takes only
    /// files in these (a local process cannot make the host run a library from anywhere else).
    public var pluginDirectories: [String] = []
    /// On SIGTERM, live calls get this long to finish before they are cut.
    public var drainDeadline: Duration
    /// A call cut at the drain deadline hears a goodbye; this long after, it is ended whether or
    /// not the goodbye has finished playing.
    public var goodbyeGrace: Duration = .seconds(10)
    /// A stream must send `start` this soon after connecting.
    public var startTimeout: Duration
    /// Largest inbound WebSocket message accepted on media streams.
    public var maximumMessageSize: Int
    /// Largest inbound message on the local audio socket: 64 KB is 2 s of 16 kHz PCM (clients send 20 ms).
    public var maximumAudioMessageSize = 1 << 16
    /// Largest inbound message on the text protocol (it resends the whole transcript each time).
    public var maximumTextMessageSize: Int
    /// Live audio calls.
    public var voice: VoiceCallConfiguration
    /// The secrets a text-protocol and a local-audio connection present to have their caller ID
    /// believed (from the environment only); without one, those callers are anonymous.
    public var textSecret: String?
    public var audioSecret: String?
    /// An HTTP connection without a complete request for this long (headers included) is closed.
    public var idleTimeout: Duration = .seconds(15)
    /// A call's socket whose write has not gone out for this long is closed: the client stopped
    /// reading (its buffers are full), and the call ends as on a hang-up.
    public var writeDeadline: Duration = .seconds(5)
    /// Calls served at once, every transport together; one more is told the line is busy.
    public var maximumLiveCalls = 500
    /// Text-protocol calls waiting for their socket to come back; past this the oldest ends.
    public var maximumResumableCalls = 100

    public init(
        host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, twilio: TwilioCredentials? = nil,
        transferNumber: String? = nil, twilioAPIBase: String = "https://api.twilio.com", adminToken: String? = nil,
        drainDeadline: Duration = .seconds(30), startTimeout: Duration = .seconds(5), maximumMessageSize: Int = 1 << 16,
        maximumTextMessageSize: Int = 4 << 20, voice: VoiceCallConfiguration = .init()
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.twilio = twilio
        self.transferNumber = transferNumber
        self.twilioAPIBase = twilioAPIBase
        self.adminToken = adminToken
        self.drainDeadline = drainDeadline
        self.startTimeout = startTimeout
        self.maximumMessageSize = maximumMessageSize
        self.maximumTextMessageSize = maximumTextMessageSize
        self.voice = voice
    }

    /// The public base URL without a trailing slash, for the port actually bound.
    func baseURL(boundPort: Int) -> String {
        var base = publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(boundPort)"
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// The WebSocket form of `baseURL` (https → wss, http → ws).
    func webSocketBaseURL(boundPort: Int) -> String {
        let base = baseURL(boundPort: boundPort)
        if base.hasPrefix("https://") { return "wss://" + base.dropFirst("https://".count) }
        if base.hasPrefix("http://") { return "ws://" + base.dropFirst("http://".count) }
        return base
    }
}

/// A Twilio account's SID and auth token (the token also signs webhooks).
public struct TwilioCredentials: Sendable, Equatable {
    public var accountSid: String?
    public var authToken: String

    public init(accountSid: String?, authToken: String) {
        self.accountSid = accountSid
        self.authToken = authToken
    }

    /// True when the REST API can be used (a SID as well as the token).
    public var canUseREST: Bool { accountSid?.isEmpty == false }
}
