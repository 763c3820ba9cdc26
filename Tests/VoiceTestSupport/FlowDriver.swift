import Agent
import Core
import Speech
import Voice

/// Runs a ``CallFlow`` on stream time with scripted engines and a scripted agent, and plays the
/// far end of the line: no clock, no tasks, no sleeps. Ten minutes of call take milliseconds and
/// the same script always gives the same events.
///
/// ```swift
/// var call = FlowDriver { input in .reply("We're open nine to five.") }
/// call.start()
/// call.say("what are your hours")
/// #expect(call.replies.last == "We're open nine to five.")
/// ```
///
/// The far end echoes each mark when its audio has played (stream time), never, or late; a
/// clear echoes every pending mark at once, as Twilio does.
public struct FlowDriver {
    /// How the far end echoes marks.
    public enum Marks: Equatable {
        case played
        case never
        case late(Duration)
    }

    /// The scripted agent's answer to one turn.
    public struct Turn {
        public var replies: [String]
        /// Sentences spoken while the agent still works, with the stream time each arrives after
        /// the turn starts; they are in `replies` as well (as `spokenEarly`).
        public var streamed: [(text: String, after: Duration)]
        public var thinking: Duration
        public var listening: ListeningMode
        public var transfer: Bool
        public var ended: Bool

        public init(
            replies: [String], streamed: [(text: String, after: Duration)] = [], thinking: Duration = .zero,
            listening: ListeningMode = .open, transfer: Bool = false, ended: Bool = false
        ) {
            self.replies = replies
            self.streamed = streamed
            self.thinking = thinking
            self.listening = listening
            self.transfer = transfer
            self.ended = ended
        }

        public static func reply(_ text: String, thinking: Duration = .zero, listening: ListeningMode = .open) -> Turn {
            Turn(replies: [text], thinking: thinking, listening: listening)
        }
    }

    public private(set) var flow: CallFlow
    public let recognizer: ScriptedRecognizer
    public let synthesizer: ScriptedSynthesizer
    public var marks: Marks = .played
    /// Stream time a synthesis job takes before its audio arrives.
    public var synthesisDelay: Duration = .zero
    let script: (CallFlow.Input) -> Turn

    private let vadTiming: VoiceActivityTiming
    private var vad: VoiceActivityStateMachine
    private var main: (any RecognitionStream)?
    private var checking: (any RecognitionStream)?
    private var scheduled: [(due: Duration, order: Int, tag: Tag, event: CallFlow.Event)] = []
    private var order = 0
    private var playhead: Duration = .zero
    private var pendingMarks: [String] = []
    private var turn = 0

    /// Everything the flow emitted, in order.
    public private(set) var events: [VoiceCallEvent] = []
    /// The stream time of each event.
    public private(set) var eventTimes: [Duration] = []
    /// Every action, in order.
    public private(set) var actions: [CallFlow.Action] = []
    /// Turns the flow asked the agent for, and those it cancelled.
    public private(set) var inputs: [CallFlow.Input] = []
    public private(set) var cancelledTurns: [Int] = []
    /// Engine failures recorded, barge-ins recorded, first-audio endpointing per turn.
    public private(set) var engineErrors: [String] = []
    public private(set) var bargeIns: [Int] = []
    public private(set) var firstAudio: [(turn: Int, endpointing: Duration)] = []
    /// Agent audio the far end played, and the marks it echoed.
    public private(set) var playedSamples = 0
    public private(set) var echoed: [String] = []

    private enum Tag: Equatable {
        case turn(Int)
        case synthesis
        case mark(String)
    }

    public init(
        configuration: VoiceCallConfiguration = FlowDriver.configuration, wording: CallWording = CallWording(),
        recognizer: ScriptedRecognizer = ScriptedRecognizer(), synthesizer: ScriptedSynthesizer = ScriptedSynthesizer(),
        script: @escaping (CallFlow.Input) -> Turn
    ) {
        flow = CallFlow(configuration: configuration, wording: wording, sentences: { synthesizer.sentences(of: $0) })
        self.recognizer = recognizer
        self.synthesizer = synthesizer
        self.script = script
        vadTiming = configuration.vadTiming
        vad = VoiceActivityStateMachine(sampleRate: 16_000, timing: configuration.vadTiming)
        main = try? recognizer.makeStream(options: RecognitionOptions(channel: .telephone))
    }

    /// Phone-line defaults (8 kHz in and out).
    public static var configuration: VoiceCallConfiguration { VoiceCallConfiguration() }

    public var now: Duration { flow.now }

    // MARK: The caller

    public mutating func start() { handle(.start) }

    /// The caller speaks for `duration` (heard as `words`), then is silent for `pause`.
    public mutating func say(_ words: String, for duration: Duration = .milliseconds(800), pause: Duration = .seconds(1)) {
        recognizer.hears(words)
        voice(duration)
        silence(pause)
    }

    /// Caller voice (no words queued) for `duration`.
    public mutating func voice(_ duration: Duration) {
        for _ in 0..<frames(in: duration) { step(voiced: true) }
    }

    /// Line silence for `duration`.
    public mutating func silence(_ duration: Duration) {
        for _ in 0..<frames(in: duration) { step(voiced: false) }
    }

    /// The caller presses `keys`, one every `gap`.
    public mutating func press(_ keys: String, gap: Duration = .milliseconds(200)) {
        for key in keys {
            handle(.digit(key))
            silence(gap)
        }
    }

    /// Line silence until the agent replies (at most `limit`).
    public mutating func untilReply(limit: Duration = .seconds(10)) {
        let before = replies.count
        let end = now + limit
        while replies.count == before, now < end { step(voiced: false) }
    }

    /// The call ends from the caller's side.
    public mutating func hangUp() { handle(.hungUp) }

    /// The host asks for its last words.
    public mutating func closing(_ text: String) { handle(.closing(text)) }

    /// Echoes every mark not yet echoed (the far end catching up).
    public mutating func echoPendingMarks() {
        let marks = pendingMarks
        pendingMarks = []
        scheduled.removeAll { if case .mark = $0.tag { true } else { false } }
        for mark in marks { echo(mark) }
    }

    // MARK: What happened

    public var replies: [String] {
        events.compactMap { if case .replied(let report) = $0 { report.replies.joined(separator: " ") } else { nil } }
    }
    public var heard: [CallerUtterance] {
        events.compactMap { if case .heard(let utterance) = $0 { utterance } else { nil } }
    }
    public var ignored: [String] {
        events.compactMap { if case .ignored(let why) = $0 { why } else { nil } }
    }
    public var interruptions: [(turn: Int, heard: PlaybackLedger.Heard)] {
        events.compactMap { if case .interrupted(let turn, let heard) = $0 { (turn, heard) } else { nil } }
    }
    public var clears: Int { events.count { if case .clear = $0 { true } else { false } } }
    public var audioSamples: Int {
        events.reduce(0) { if case .audio(let samples, _) = $1 { $0 + samples.count } else { $0 } }
    }
    public var hungUp: Bool { events.contains { if case .hangUp = $0 { true } else { false } } }
    public var transferred: Bool { events.contains { if case .transfer = $0 { true } else { false } } }
    /// The stream time of the first event that matches.
    public func time(of matching: (VoiceCallEvent) -> Bool) -> Duration? {
        events.firstIndex(where: matching).map { eventTimes[$0] }
    }

    public var completedTurns: [Int] {
        events.compactMap { if case .replyComplete(let turn) = $0 { turn } else { nil } }
    }

    // MARK: Running

    private func frames(in duration: Duration) -> Int {
        Int((duration / .milliseconds(20)).rounded(.up))
    }

    private mutating func step(voiced: Bool) {
        let activity = vad.step(voiced: voiced, sampleCount: 320)
        let frame = CallFlow.Frame(
            samples: Array(repeating: voiced ? 800 : 0, count: 320), activity: activity, detected: vad.event, end: vad.time
        )
        handle(.frame(frame))
        deliverDue()
    }

    private mutating func deliverDue() {
        while let index = scheduled.indices.filter({ scheduled[$0].due <= now }).min(by: {
            (scheduled[$0].due, scheduled[$0].order) < (scheduled[$1].due, scheduled[$1].order)
        }) {
            let item = scheduled.remove(at: index)
            if case .mark(let mark) = item.tag {
                pendingMarks.removeAll { $0 == mark }
                echo(mark)
            } else {
                handle(item.event)
            }
        }
    }

    private mutating func echo(_ mark: String) {
        echoed.append(mark)
        handle(.markPlayed(mark))
    }

    private mutating func schedule(_ event: CallFlow.Event, after delay: Duration, tag: Tag) {
        order += 1
        scheduled.append((now + delay, order, tag, event))
    }

    /// Hands `event` to the flow and performs the actions; synchronous results go back in order.
    public mutating func handle(_ event: CallFlow.Event) {
        var pending = [event]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for action in flow.handle(next) {
                actions.append(action)
                pending.append(contentsOf: perform(action))
            }
        }
    }

    private mutating func perform(_ action: CallFlow.Action) -> [CallFlow.Event] {
        switch action {
        case .useGrammar(let grammar):
            main?.useGrammar(grammar)
        case .openChecking:
            do { checking = try recognizer.makeStream(options: RecognitionOptions(channel: .telephone)) } catch {
                return [.recognizerFailed(.checking, .open, "\(error)")]
            }
        case .feed(let lane, let samples):
            do { _ = try (lane == .main ? main : checking)?.accept(samples) } catch {
                return [.recognizerFailed(lane, .feed, "\(error)")]
            }
        case .finish(let lane):
            guard let stream = lane == .main ? main : checking else { return [.recognized(lane, "")] }
            do { return [.recognized(lane, try stream.finish().text)] } catch {
                return [.recognizerFailed(lane, .finish, "\(error)")]
            }
        case .runTurn(let ticket, let input):
            inputs.append(input)
            return runTurn(ticket: ticket, input)
        case .cancelTurn(let ticket):
            cancelledTurns.append(ticket)
            scheduled.removeAll { $0.tag == .turn(ticket) }
            return [.turnDone(ticket: ticket, report: nil, listening: flow.mode)]
        case .synthesize(let job):
            var results: [CallFlow.Event] = []
            do {
                for chunk in try synthesizer.audio(for: job.text) {
                    results.append(.synthesized(job: job.id, samples: chunk.samples, sentence: chunk.sentence, endsSentence: chunk.endsSentence))
                }
                results.append(.synthesisEnded(job: job.id, tail: [], failure: nil))
            } catch {
                results = [.synthesisEnded(job: job.id, tail: [], failure: "\(error)")]
            }
            guard synthesisDelay > .zero else { return results }
            for result in results { schedule(result, after: synthesisDelay, tag: .synthesis) }
        case .cancelSynthesis:
            scheduled.removeAll { $0.tag == .synthesis }
        case .emit(let event):
            events.append(event)
            eventTimes.append(now)
            farEnd(event)
        case .firstAudio(_, let turn, let endpointing):
            firstAudio.append((turn, endpointing))
        case .recordEngineError(let engine, _):
            engineErrors.append(engine)
        case .recordBargeIn(let turn):
            bargeIns.append(turn)
        case .clock, .resetOutput, .awaitPlayout:
            break
        }
        return []
    }

    private mutating func runTurn(ticket: Int, _ input: CallFlow.Input) -> [CallFlow.Event] {
        var report = TurnReport()
        var answer = Turn(replies: [])
        switch input {
        case .greeting, .utterance:
            if case .utterance = input { turn += 1 }
            answer = script(input)
            report.replies = answer.replies
            // As the agent reports it: the answer spoken as it was written is one reply.
            report.spokenEarly = answer.streamed.isEmpty ? [] : [answer.streamed.map(\.text).joined(separator: " ")]
            report.transfer = answer.transfer ? HandoffRecord(callID: "flow", reason: "the caller asked for a person") : nil
            report.ended = answer.ended
        case .interruption:
            return [.turnDone(ticket: ticket, report: nil, listening: flow.mode)]
        case .notice(let text), .closing(let text):
            report.replies = [text]
            report.ended = input == .closing(text)
        }
        report.turn = turn
        var first = true
        for sentence in answer.streamed {
            let event = CallFlow.Event.sentence(ticket: ticket, turn: turn, text: sentence.text, startsReply: first)
            first = false
            schedule(event, after: sentence.after, tag: .turn(ticket))
        }
        let done = CallFlow.Event.turnDone(ticket: ticket, report: report, listening: answer.listening)
        if answer.thinking == .zero, answer.streamed.isEmpty { return [done] }
        schedule(done, after: max(answer.thinking, answer.streamed.map(\.after).max() ?? .zero), tag: .turn(ticket))
        return []
    }

    /// The far end: audio plays in order from when it arrives; its mark comes back when it has
    /// played (or never, or late); a clear drops what is queued and echoes every pending mark.
    private mutating func farEnd(_ event: VoiceCallEvent) {
        switch event {
        case .audio(let samples, let mark):
            let length = AudioTime.duration(samples: samples.count, rate: flow.configuration.outputRate)
            playhead = max(playhead, now) + length
            pendingMarks.append(mark)
            playedSamples += samples.count
            switch marks {
            case .played: scheduleEcho(mark, at: playhead)
            case .late(let extra): scheduleEcho(mark, at: playhead + extra)
            case .never: break
            }
        case .clear:
            let unplayed = playhead > now ? AudioTime.samples(playhead - now, rate: flow.configuration.outputRate) : 0
            playedSamples -= min(unplayed, playedSamples)
            playhead = now
            // Echoed after the clear (the flow must not take them as played): delivered next.
            let marks = pendingMarks
            pendingMarks = []
            scheduled.removeAll { if case .mark = $0.tag { true } else { false } }
            for mark in marks { order += 1; scheduled.append((now, order, .mark(mark), .markPlayed(mark))) }
        default:
            break
        }
    }

    private mutating func scheduleEcho(_ mark: String, at time: Duration) {
        order += 1
        scheduled.append((time, order, .mark(mark), .markPlayed(mark)))
    }
}
