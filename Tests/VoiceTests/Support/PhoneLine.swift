import Agent
import AgentTestSupport
import Speech
import Locks
import Voice

/// The far end of a `VoiceCall`, as a phone carrier behaves: it takes the agent's audio and
/// echoes each mark (at once, as if played instantly, unless told to hold them), and it feeds
/// the caller's audio in 20 ms frames, as fast as the call takes it.
final class PhoneLine: Sendable {
    let call: VoiceCall
    private let box = Box()
    private let reader: Task<Void, Never>

    private final class Box: Sendable {
        let state = Mutex(State())
    }

    struct State {
        var events: [VoiceCallEvent] = []
        var agentAudio: [Int16] = []
        var heldMarks: [String] = []
        var markedSamples: [String: Int] = [:]
        var holdMarks = false
        var finished = false
    }

    init(_ call: VoiceCall) {
        self.call = call
        let box = self.box
        reader = Task {
            for await event in call.events {
                var echo: String?
                box.state.withLock { state in
                    state.events.append(event)
                    if case .audio(let samples, let mark) = event {
                        state.agentAudio += samples
                        state.markedSamples[mark] = samples.count
                        if state.holdMarks { state.heldMarks.append(mark) } else { echo = mark }
                    }
                }
                if let echo { await call.markPlayed(echo) }
            }
            box.state.withLock { $0.finished = true }
        }
    }

    var events: [VoiceCallEvent] { box.state.withLock { $0.events } }

    /// Holds marks instead of echoing them (the audio is "still playing").
    func holdMarks(_ hold: Bool) { box.state.withLock { $0.holdMarks = hold } }

    /// Echoes the held marks of the first `audio` of agent speech (as if it had played).
    func release(_ audio: Duration) async {
        let marks = box.state.withLock { state in
            var remaining = AudioTime.samples(audio, rate: 8_000)
            var marks: [String] = []
            while remaining > 0, !state.heldMarks.isEmpty {
                let mark = state.heldMarks.removeFirst()
                marks.append(mark)
                remaining -= state.markedSamples[mark] ?? 0
            }
            return marks
        }
        for mark in marks { await call.markPlayed(mark) }
    }

    var heldMarkCount: Int { box.state.withLock { $0.heldMarks.count } }

    /// The agent audio received so far, and clears it.
    func takeAgentAudio() -> [Int16] {
        box.state.withLock { state in
            defer { state.agentAudio = [] }
            return state.agentAudio
        }
    }

    /// Feeds `samples` (8 kHz) in 20 ms frames.
    func feed(_ samples: [Int16]) async {
        var offset = 0
        while offset < samples.count {
            let end = min(offset + 160, samples.count)
            await call.receive(Array(samples[offset..<end]))
            offset = end
            await Task.yield()
        }
    }

    /// The caller says `text`, then pauses for `pause`.
    func say(_ text: String, pause: Duration = .milliseconds(900)) async throws {
        await feed(try await SpeechHarness.phoneSpeech(text))
        await feed(SpeechHarness.lineSilence(pause))
    }

    /// Waits (up to `timeout`, feeding line silence so stream time moves) until `condition` holds
    /// for the events so far.
    @discardableResult
    func wait(
        timeout: Duration = .seconds(20), feedingSilence: Bool = true,
        until condition: ([VoiceCallEvent]) -> Bool
    ) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if condition(events) { return true }
            if feedingSilence { await call.receive(SpeechHarness.lineSilence(.milliseconds(20))) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(events)
    }

    /// Waits until the reply to turn `turn` has all been handed over. (At the start of a run, with
    /// every suite loading its engines beside it, a greeting on a slow 2-core machine took over 20 s.)
    @discardableResult
    func waitForReply(turn: Int, timeout: Duration = .seconds(45)) async -> Bool {
        await wait(timeout: timeout) { events in
            events.contains { if case .replyComplete(let t) = $0 { t == turn } else { false } }
                || events.contains { if case .replied(let r) = $0 { r.turn == turn && r.replies.isEmpty } else { false } }
        }
    }

    func close() async {
        await call.stop()
        await reader.value
    }
}

extension [VoiceCallEvent] {
    var replies: [TurnReportSummary] {
        compactMap { if case .replied(let report) = $0 { TurnReportSummary(turn: report.turn, text: report.replies.joined(separator: " "), intent: report.intent) } else { nil } }
    }
    var heard: [CallerUtterance] {
        compactMap { if case .heard(let utterance) = $0 { utterance } else { nil } }
    }
    var ignored: [String] {
        compactMap { if case .ignored(let why) = $0 { why } else { nil } }
    }
    var clears: Int { count { if case .clear = $0 { true } else { false } } }
    var interruptions: [(turn: Int, heard: PlaybackLedger.Heard)] {
        compactMap { if case .interrupted(let turn, let heard) = $0 { (turn, heard) } else { nil } }
    }
    var latencies: [TurnLatency] {
        compactMap { if case .firstAudio(let latency) = $0 { latency } else { nil } }
    }
}

struct TurnReportSummary: Equatable {
    var turn: Int
    var text: String
    var intent: String?
}
