import Foundation

/// The life of one Twilio media-stream socket, as a value: frames in, actions out. No I/O.
///
/// ```text
/// awaitingStart ──start──▶ streaming ──stop / socket closed──▶ ended
///      └── stop, close, or no start in time ──────────────────▶ ended
/// ```
/// Media before `start` or after `stop`, media for another stream, bad base64, unknown events and
/// binary frames are dropped with a logged reason; the call goes on. Each kind of problem is
/// logged once per stream (Twilio's own warnings work the same way), then counted.
public struct TwilioStreamSession: Sendable {
    public enum State: Sendable, Equatable {
        case awaitingStart
        case streaming(streamSid: String)
        case ended
    }

    public enum Action: Sendable, Equatable {
        /// Check the start's session token and bridge the call.
        case startCall(TwilioStart)
        /// Caller audio, μ-law 8 kHz.
        case audio([UInt8])
        case dtmf(Character)
        case markEchoed(String)
        /// The call is over (Twilio said stop, or the socket went): tear it down once.
        case endCall(reason: String)
        /// Close the socket (after `endCall` if a call was running).
        case close(reason: String)
        /// Something odd, worth a log line (first of its kind only).
        case log(String)
    }

    public private(set) var state: State = .awaitingStart
    /// Messages dropped, by reason.
    public private(set) var dropped: [String: Int] = [:]
    public private(set) var mediaFrames = 0

    public init() {}

    /// A text frame arrived.
    public mutating func receive(text: String) -> [Action] {
        let message: TwilioInbound
        do {
            message = try TwilioInbound.decode(text)
        } catch {
            return drop("invalid message (\(error.description))")
        }
        switch (state, message) {
        case (.ended, _):
            return drop("message after the stream ended")
        case (_, .connected):
            return []
        case (.awaitingStart, .start(let start)):
            state = .streaming(streamSid: start.streamSid)
            var actions: [Action] = []
            if let encoding = start.encoding, encoding != "audio/x-mulaw" {
                actions.append(.log("unexpected media encoding \(encoding); decoding as μ-law"))
            }
            if let rate = start.sampleRate, rate != 8_000 {
                actions.append(.log("unexpected sample rate \(rate); treating as 8000"))
            }
            return actions + [.startCall(start)]
        case (.streaming, .start):
            return drop("a second start")
        case (.awaitingStart, .stop):
            state = .ended
            return [.close(reason: "stop before start")]
        case (.awaitingStart, _):
            return drop("message before start")
        case (.streaming(let sid), .media(let payload, let streamSid, _, _, let track)):
            if let streamSid, streamSid != sid { return drop("media for another stream") }
            if let track, track != "inbound" && track != "inbound_track" { return drop("media on track \(track)") }
            guard let bytes = Data(base64Encoded: payload) else { return drop("media with invalid base64") }
            mediaFrames += 1
            return bytes.isEmpty ? [] : [.audio(Array(bytes))]
        case (.streaming(let sid), .dtmf(let digit, let streamSid)):
            if let streamSid, streamSid != sid { return drop("dtmf for another stream") }
            guard digit.count == 1, let key = digit.first, "0123456789*#ABCD".contains(key) else {
                return drop("dtmf with an invalid digit")
            }
            return [.dtmf(key)]
        case (.streaming, .mark(let name, _)):
            return [.markEchoed(name)]
        case (.streaming, .stop):
            state = .ended
            return [.endCall(reason: "Twilio stopped the stream (the call ended)"), .close(reason: "stream stopped")]
        case (.streaming, .unknown(let event)):
            return drop("unknown event \"\(event)\"")
        }
    }

    /// A binary frame arrived: Twilio never sends one.
    public mutating func receiveBinary(size: Int) -> [Action] {
        drop("binary frame")
    }

    /// The socket closed (or failed) without a stop.
    public mutating func socketClosed() -> [Action] {
        switch state {
        case .ended:
            return []
        case .awaitingStart:
            state = .ended
            return []
        case .streaming:
            state = .ended
            return [.endCall(reason: "the socket closed without a stop")]
        }
    }

    /// No start arrived in time.
    public mutating func startTimedOut() -> [Action] {
        guard state == .awaitingStart else { return [] }
        state = .ended
        return [.close(reason: "no start message in time")]
    }

    /// Twilio ended the call through the REST API, or the host is hanging up: the stream is over.
    public mutating func hostEnded(reason: String) -> [Action] {
        guard case .streaming = state else { return [] }
        state = .ended
        return [.endCall(reason: reason), .close(reason: reason)]
    }

    private mutating func drop(_ reason: String) -> [Action] {
        dropped[reason, default: 0] += 1
        return dropped[reason] == 1 ? [.log("dropped: \(reason)")] : []
    }
}
