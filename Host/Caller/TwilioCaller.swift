import Foundation
import HTTPClient
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Server
import Speech

/// A test caller that behaves like Twilio with a person on the line: it posts the voice webhook,
/// opens the stream the TwiML names (signed when it knows the auth token), sends `connected` and
/// `start`, then speaks each utterance as μ-law 20 ms frames in real time, with line silence
/// between them as a real stream has. Agent audio is "played" on a clock: each mark is echoed
/// when the audio before it has had time to play; a `clear` drops what is buffered and echoes
/// the pending marks at once, as Twilio does. Each reply is transcribed with a general-English
/// recogniser, with the time from the end of the caller's speech to the first agent audio.
public final class TwilioCaller: Sendable {
    public struct Configuration: Sendable {
        /// The host's base URL (`http://127.0.0.1:8080`).
        public var url: String
        public var from: String
        public var to: String
        public var callSid: String
        /// Signs the webhook and the upgrade like Twilio when set.
        public var authToken: String?
        /// What the caller says, one turn each.
        public var utterances: [String]
        /// Speak each next utterance over the agent's reply, once this much of it has played.
        public var bargeInAfter: Duration?
        /// A reply is over when this much silence follows its audio.
        public var replyGap: Duration
        /// Longest wait for a reply to start.
        public var replyTimeout: Duration
        /// The caller's voice.
        public var voice: VoiceSettings
        /// Transcribe the replies (off for load runs: the ear is slow).
        public var transcribes: Bool
        /// How many times faster than real time the line runs: frames are sent, and agent audio
        /// "plays", this much faster (soak runs; the host's call flow runs on stream time, so it
        /// hears the same call). Latencies are then in compressed time.
        public var speed: Double

        public init(
            url: String, from: String = "+15551230001", to: String = "+15550100000", callSid: String = "CA" + TwilioCaller.randomHex(32),
            authToken: String? = nil, utterances: [String], bargeInAfter: Duration? = nil, replyGap: Duration = .milliseconds(900),
            replyTimeout: Duration = .seconds(10), voice: VoiceSettings = .natural, transcribes: Bool = true,
            speed: Double = 1
        ) {
            self.transcribes = transcribes
            self.speed = max(speed, 1)
            self.url = url
            self.from = from
            self.to = to
            self.callSid = callSid
            self.authToken = authToken
            self.utterances = utterances
            self.bargeInAfter = bargeInAfter
            self.replyGap = replyGap
            self.replyTimeout = replyTimeout
            self.voice = voice
        }
    }

    /// One exchange: what the caller said (nil for the greeting) and what came back.
    public struct Turn: Sendable {
        public var said: String?
        /// The reply, transcribed by the caller's ear.
        public var heard: String
        /// Agent audio received for the turn.
        public var replyAudio: Duration
        /// End of the caller's speech (for the greeting: `start` sent) → first agent audio (nil
        /// when nothing came).
        public var latency: Duration?
        /// The agent's audio for this turn was cleared (the caller barged in).
        public var cleared: Bool
    }

    public struct Result: Sendable {
        public var turns: [Turn]
        public var clears: Int
        /// Gaps in the agent's audio within a reply (it arrived later than it should have played).
        public var underruns: Int
        /// Caller speech onset over the agent → clear, per barge-in.
        public var bargeInLatencies: [Duration]
        /// The host closed the stream (a hang-up or transfer) before the caller was done.
        public var hostClosed: Bool
        /// Close code and reason from the host, if any.
        public var closeReason: String?
    }

    public let configuration: Configuration
    private let synthesizer: any SpeechSynthesizer
    private let ear: any SpeechRecognizer
    private let logger: Logger

    public init(configuration: Configuration, synthesizer: any SpeechSynthesizer, ear: any SpeechRecognizer, logger: Logger) {
        self.configuration = configuration
        self.synthesizer = synthesizer
        self.ear = ear
        self.logger = logger
    }

    /// Places the call and plays the script. Throws when the webhook or the socket fails.
    public func run() async throws -> Result {
        let stream = try await answerWebhook()
        // Render every utterance before dialling: the caller must not pause mid-call to think.
        var speech: [[Int16]] = []
        for text in configuration.utterances { speech.append(try await phoneAudio(text)) }

        var headers: HTTPFields = [:]
        if let token = configuration.authToken {
            headers[HTTPField.Name("x-twilio-signature")!] = TwilioSignature(authToken: token).signature(url: stream.url)
        }
        let line = CallerLine(replyGap: configuration.replyGap, speed: configuration.speed)
        let script = CallerScript(configuration: configuration, speech: speech, stream: stream, line: line)
        var result = Result(turns: [], clears: 0, underruns: 0, bargeInLatencies: [], hostClosed: false, closeReason: nil)
        let close = try await WebSocketClient.connect(
            url: stream.url, configuration: .init(maxFrameSize: 1 << 16, additionalHeaders: headers), logger: logger
        ) { inbound, outbound, _ in
            let receiver = Task {
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { await line.receive(text) }
                    }
                } catch {}
                await line.socketClosed()
            }
            await script.play(outbound: outbound)
            try? await outbound.close(.normalClosure, reason: "caller hung up")
            _ = await receiver.value
        }
        let finished = await line.turns(said: [nil] + configuration.utterances.map { Optional($0) })
        result.turns = try finished.map {
            $0.base.heard(said: $0.said, text: configuration.transcribes ? try transcribe($0.base.audio) : "")
        }
        result.clears = await line.clears
        result.underruns = await line.underruns
        result.bargeInLatencies = await line.bargeInLatencies
        result.hostClosed = await line.closedByHost
        if let close { result.closeReason = "\(close.closeCode)\(close.reason.map { ": \($0)" } ?? "")" }
        return result
    }

    // MARK: Webhook

    struct StreamTarget: Sendable {
        var url: String
        var parameters: [String: String]
    }

    /// Posts the voice webhook and reads the stream URL and parameters from the TwiML.
    func answerWebhook() async throws -> StreamTarget {
        var base = configuration.url
        while base.hasSuffix("/") { base.removeLast() }
        let url = base + "/twilio/voice"
        let form: [(name: String, value: String)] = [
            ("AccountSid", "AC" + Self.randomHex(32)), ("CallSid", configuration.callSid), ("From", configuration.from),
            ("To", configuration.to), ("CallStatus", "ringing"), ("Direction", "inbound"), ("ApiVersion", "2010-04-01"),
        ]
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let token = configuration.authToken {
            headers.append(("X-Twilio-Signature", TwilioSignature(authToken: token).signature(url: url, parameters: form)))
        }
        let response = try await HTTPClient.send(HTTPRequest(method: "POST", url: url, headers: headers, body: Data(FormEncoding.encode(form).utf8)))
        guard response.status == 200 else {
            throw TwilioCallerError(description: "the voice webhook answered \(response.status): \(response.text.prefix(200))")
        }
        return try Self.parseTwiML(response.text)
    }

    /// The `<Stream url>` and its `<Parameter>`s.
    static func parseTwiML(_ xml: String) throws -> StreamTarget {
        func attribute(_ name: String, in element: Substring) -> String? {
            guard let start = element.range(of: name + "=\"") else { return nil }
            let rest = element[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            return unescapeXML(String(rest[..<end]))
        }
        guard let streamStart = xml.range(of: "<Stream "), let streamEnd = xml[streamStart.upperBound...].firstIndex(of: ">"),
              let url = attribute("url", in: xml[streamStart.lowerBound...streamEnd]) else {
            throw TwilioCallerError(description: "the TwiML has no <Stream url>: \(xml.prefix(300))")
        }
        var parameters: [String: String] = [:]
        var rest = xml[streamEnd...]
        while let start = rest.range(of: "<Parameter "), let end = rest[start.upperBound...].firstIndex(of: ">") {
            let element = rest[start.lowerBound...end]
            if let name = attribute("name", in: element), let value = attribute("value", in: element) { parameters[name] = value }
            rest = rest[end...]
        }
        return StreamTarget(url: url, parameters: parameters)
    }

    static func unescapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    public static func randomHex(_ count: Int) -> String {
        String((0..<count).map { _ in "0123456789abcdef".randomElement()! })
    }

    // MARK: Audio

    private func phoneAudio(_ text: String) async throws -> [Int16] {
        var samples: [Int16] = []
        for try await chunk in synthesizer.synthesize(text, voice: configuration.voice) { samples += chunk.samples }
        let down = try Resampler(from: synthesizer.sampleRate, to: 8_000)
        return down.process(samples) + down.flush()
    }

    private func transcribe(_ samples: [Int16]) throws -> String {
        guard !samples.isEmpty else { return "" }
        let stream = try ear.makeStream(options: RecognitionOptions(channel: .telephone))
        defer { stream.close() }
        var upsampler = try PhoneAudioUpsampler()
        _ = try stream.accept(upsampler.process(samples) + upsampler.flush() + [Int16](repeating: 0, count: 4_800))
        return try stream.finish().text
    }
}

public struct TwilioCallerError: Error, CustomStringConvertible {
    public let description: String
}
