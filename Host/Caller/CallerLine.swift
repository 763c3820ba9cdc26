import Core
import Foundation
import HummingbirdWSClient
import NIOWebSocket
import Speech

/// The caller's end of the line: agent audio arrives and "plays" on a clock, marks are echoed
/// when their audio has played, a clear drops the buffer and echoes pending marks at once.
/// Audio is bucketed per turn: whatever arrives after the caller finished utterance n belongs to
/// reply n (the greeting is reply 0).
actor CallerLine {
    struct TurnAudio {
        var audio: [Int16] = []
        var speechEndedAt: ContinuousClock.Instant?
        var firstAudioAt: ContinuousClock.Instant?
        var cleared = false

        func heard(said: String?, text: String) -> TwilioCaller.Turn {
            TwilioCaller.Turn(
                said: said, heard: text, replyAudio: AudioTime.duration(samples: audio.count, rate: 8_000),
                latency: speechEndedAt.flatMap { ended in firstAudioAt.map { $0 - ended } }, cleared: cleared
            )
        }
    }

    struct Finished {
        var base: TurnAudio
        var said: String?
    }

    let replyGap: Duration
    /// Audio plays this many times faster than real time.
    let speed: Double
    private let clock = ContinuousClock()
    private(set) var clears = 0
    /// Agent audio that arrived after the audio before it had finished playing (a gap the
    /// caller would hear), within one reply.
    private(set) var underruns = 0
    /// Caller speech onset over the agent → the host's clear, per barge-in.
    private(set) var bargeInLatencies: [Duration] = []
    private var bargeInStartedAt: ContinuousClock.Instant?
    private(set) var closedByHost = false
    private var scriptDone = false
    private var playbackEnd: ContinuousClock.Instant?
    private var pendingMarks: [(name: String, due: ContinuousClock.Instant)] = []
    private var buckets = [TurnAudio()]

    init(replyGap: Duration, speed: Double = 1) {
        self.replyGap = replyGap / speed
        self.speed = speed
    }

    func receive(_ text: String) {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let event = object["event"] as? String else { return }
        let now = clock.now
        switch event {
        case "media":
            guard let media = object["media"] as? [String: Any], let payload = media["payload"] as? String,
                  let bytes = Data(base64Encoded: payload) else { return }
            let samples = G711Law.muLaw.decode(bytes)
            var bucket = buckets[buckets.count - 1]
            if bucket.firstAudioAt == nil { bucket.firstAudioAt = now }
            if !bucket.audio.isEmpty, !bucket.cleared, let playbackEnd, now > playbackEnd + .milliseconds(20) / speed { underruns += 1 }
            bucket.audio += samples
            buckets[buckets.count - 1] = bucket
            let start = max(playbackEnd ?? now, now)
            playbackEnd = start + AudioTime.duration(samples: samples.count, rate: 8_000) / speed
        case "mark":
            guard let mark = object["mark"] as? [String: Any], let name = mark["name"] as? String else { return }
            pendingMarks.append((name, max(playbackEnd ?? now, now)))
        case "clear":
            clears += 1
            if let started = bargeInStartedAt {
                bargeInLatencies.append(now - started)
                bargeInStartedAt = nil
            }
            buckets[buckets.count - 1].cleared = true
            pendingMarks = pendingMarks.map { ($0.name, now) }
            playbackEnd = now
        default:
            break
        }
    }

    /// Marks whose audio has played (or was cleared): echo them now.
    func dueMarks() -> [String] {
        let now = clock.now
        let due = pendingMarks.filter { $0.due <= now }.map(\.name)
        pendingMarks.removeAll { $0.due <= now }
        return due
    }

    /// The caller started talking over the agent at `time` (the first voiced frame sent).
    func bargingIn(at time: ContinuousClock.Instant) {
        if bargeInStartedAt == nil, replyStarted, !(buckets[buckets.count - 1].cleared) { bargeInStartedAt = time }
    }

    /// The caller finished speaking at `time`: audio from now on answers this utterance.
    func beginTurn(speechEndedAt time: ContinuousClock.Instant, greeting: Bool = false) {
        bargeInStartedAt = nil
        if greeting {
            // The greeting's clock starts when `start` is sent.
            buckets[0].speechEndedAt = time
        } else {
            buckets.append(TurnAudio(speechEndedAt: time))
        }
    }

    /// The current reply has started arriving.
    var replyStarted: Bool { buckets[buckets.count - 1].firstAudioAt != nil }

    /// The current reply came and has finished playing, followed by `replyGap` of silence.
    var replyDone: Bool {
        guard replyStarted, let playbackEnd else { return false }
        return clock.now >= playbackEnd + replyGap
    }

    /// How long the current reply has been playing.
    var replyPlayed: Duration {
        guard let first = buckets[buckets.count - 1].firstAudioAt else { return .zero }
        return clock.now - first
    }

    var isClosed: Bool { closedByHost }

    func finishScript() {
        scriptDone = true
    }

    func socketClosed() {
        if !scriptDone { closedByHost = true }
    }

    /// Every turn's audio, labelled with what the caller said.
    func turns(said: [String?]) -> [Finished] {
        buckets.enumerated().map { index, bucket in
            Finished(base: bucket, said: index < said.count ? said[index] : nil)
        }
    }
}

/// The caller's side of the script: `connected`, `start`, then media every 20 ms in real time —
/// speech when it is the caller's turn, line silence otherwise — with marks echoed as they play.
struct CallerScript: Sendable {
    let configuration: TwilioCaller.Configuration
    let speech: [[Int16]]
    let stream: TwilioCaller.StreamTarget
    let line: CallerLine

    private static let frame = 160
    /// Speech louder than this counts as the caller talking (for the end-of-speech time).
    private static let voicedLevel: Int16 = 600

    func play(outbound: WebSocketOutboundWriter) async {
        let streamSid = "MZ" + TwilioCaller.randomHex(32)
        var pacer = Pacer(streamSid: streamSid, speed: configuration.speed)
        do {
            try await outbound.write(.text(#"{"event":"connected","protocol":"Call","version":"1.0.0"}"#))
            let parameters = stream.parameters.map { "\"\(JSONString.escaped($0.key))\":\"\(JSONString.escaped($0.value))\"" }.joined(separator: ",")
            try await outbound.write(.text(#"{"event":"start","sequenceNumber":"1","streamSid":"\#(streamSid)","start":{"accountSid":"AC0","streamSid":"\#(streamSid)","callSid":"\#(configuration.callSid)","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},"customParameters":{\#(parameters)}}}"#))
            pacer.sequence = 1
            await line.beginTurn(speechEndedAt: ContinuousClock.now, greeting: true)

            try await waitForReply(&pacer, outbound: outbound, bargeIn: false)
            for (index, utterance) in speech.enumerated() {
                var lastVoiced: ContinuousClock.Instant?
                var offset = 0
                while offset < utterance.count {
                    let frame = Array(utterance[offset..<min(offset + Self.frame, utterance.count)])
                    let padded = frame + [Int16](repeating: 0, count: Self.frame - frame.count)
                    try await pacer.send(padded, outbound: outbound, line: line)
                    if let loudest = frame.lastIndex(where: { abs(Int32($0)) > Int32(Self.voicedLevel) }) {
                        if lastVoiced == nil, index > 0, configuration.bargeInAfter != nil {
                            let first = frame.firstIndex(where: { abs(Int32($0)) > Int32(Self.voicedLevel) }) ?? 0
                            await line.bargingIn(at: pacer.lastSent + AudioTime.duration(samples: first, rate: 8_000) / configuration.speed)
                        }
                        lastVoiced = pacer.lastSent + AudioTime.duration(samples: loudest + 1, rate: 8_000) / configuration.speed
                    }
                    offset += Self.frame
                    if await line.isClosed { return }
                }
                await line.beginTurn(speechEndedAt: lastVoiced ?? pacer.lastSent)
                let bargeIn = configuration.bargeInAfter != nil && index + 1 < speech.count
                try await waitForReply(&pacer, outbound: outbound, bargeIn: bargeIn)
            }
            await line.finishScript()
            try await outbound.write(.text(#"{"event":"stop","sequenceNumber":"\#(pacer.sequence + 1)","streamSid":"\#(streamSid)","stop":{"accountSid":"AC0","callSid":"\#(configuration.callSid)"}}"#))
        } catch {
            await line.finishScript()
        }
    }

    /// Sends line silence until the reply has played (or, barging in, until enough of it has).
    private func waitForReply(_ pacer: inout Pacer, outbound: WebSocketOutboundWriter, bargeIn: Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.replyTimeout / configuration.speed
        while !(await line.isClosed) {
            if await line.replyStarted {
                if bargeIn, let after = configuration.bargeInAfter, await line.replyPlayed >= after / configuration.speed { return }
                if await line.replyDone { return }
            } else if clock.now >= deadline {
                return
            }
            try await pacer.send(Pacer.silence, outbound: outbound, line: line)
        }
    }
}

/// Sends one 20 ms media frame per tick, on a drift-free real-time schedule, echoing marks as
/// they come due.
struct Pacer {
    static let silence: [Int16] = (0..<160).map { Int16(($0 * 7) % 5) - 2 }

    let streamSid: String
    /// One frame every 20 ms / speed.
    let tick: Duration
    var sequence = 0
    var chunk = 0
    private let clock = ContinuousClock()
    private var next: ContinuousClock.Instant?
    private(set) var lastSent = ContinuousClock.now

    init(streamSid: String, speed: Double = 1) {
        self.streamSid = streamSid
        self.tick = .milliseconds(20) / speed
    }

    mutating func send(_ samples: [Int16], outbound: WebSocketOutboundWriter, line: CallerLine) async throws {
        let due = next ?? clock.now
        if due > clock.now { try await Task.sleep(until: due, clock: clock) }
        sequence += 1
        chunk += 1
        let payload = Data(G711Law.muLaw.encode(samples)).base64EncodedString()
        try await outbound.write(.text(#"{"event":"media","sequenceNumber":"\#(sequence)","streamSid":"\#(streamSid)","media":{"track":"inbound","chunk":"\#(chunk)","timestamp":"\#(chunk * 20)","payload":"\#(payload)"}}"#))
        lastSent = clock.now
        for mark in await line.dueMarks() {
            sequence += 1
            try await outbound.write(.text(#"{"event":"mark","sequenceNumber":"\#(sequence)","streamSid":"\#(streamSid)","mark":{"name":"\#(JSONString.escaped(mark))"}}"#))
        }
        next = due + tick
    }
}
