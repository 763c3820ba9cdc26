import Agent
import Core
import Speech

/// A live audio call's flow as a value: events stamped with stream time in, actions out.
///
/// ```text
/// frame ─▶ pre-roll ─▶ utterance ─feed─▶ recogniser ─partial─▶ endpointer ─end─▶ finish ─words─▶ turn queue
///   └─ speech over the agent ≥ bargeIn ─▶ cancel synthesis, clear, interruption turn
/// turn queue ─runTurn─▶ agent ─turnDone/sentence─▶ synthesis jobs ─chunks─▶ framer ─▶ audio + mark
/// ```
///
/// Every timer runs on stream time, the caller audio received so far (silence included): endpoint
/// silence, barge-in onset, the keypad hold, the wait for the last words to play and the no-input
/// reprompts. Feeding ten minutes of call takes milliseconds, and the same events always give the
/// same actions. ``VoiceCall`` performs the actions (recogniser, agent, synthesiser, transport)
/// and feeds their results back as events; tests feed scripted ones.
///
/// Turns run one at a time, in order. An answer the model writes arrives sentence by sentence
/// (`sentence`) and is spoken as it comes; a barge-in cancels it (`cancelTurn`) and its report is
/// then dropped.
public struct CallFlow: Sendable {
    public let configuration: VoiceCallConfiguration
    let wording: CallWording
    /// Splits a reply into the sentences the synthesiser speaks one by one.
    let sentences: @Sendable (String) -> [String]

    /// Stream time: the end of the latest caller frame.
    public internal(set) var now: Duration = .zero
    var out: [Action] = []
    var ended = false
    /// A transfer or hang-up was emitted: no more turns or audio.
    var closed = false
    var started = false

    // Listening
    var preRoll: [[Int16]] = []
    var preRollSamples = 0
    var utterance: Utterance?
    var ending: Ending?
    var speechOnset: Duration?
    var bargedInThisSpeech = false
    public internal(set) var mode = ListeningMode.open
    var keypad: DTMFCollector
    /// Bumped whenever the caller speaks long enough to barge in (over the agent or not).
    var interruptions = 0
    var checking = CheckingLane.unopened
    var recognitionFailures = 0
    var recognitionFailureReported = false

    // Silence
    var quietSince: Duration?
    var noInputs = 0
    /// The last question the agent asked (repeated on the first no-input).
    var lastQuestion: String?

    // Turns
    var nextTicket = 0
    var queue: [Queued] = []
    var active: ActiveTurn?

    // Speaking
    var framer: OutboundFramer
    public internal(set) var ledger = PlaybackLedger()
    var response: Response?
    var playoutEnds: Duration = .zero
    var job: SynthesisJob?
    var jobs: [SynthesisJob] = []
    var nextJob = 0
    var synthesisFallbackUsed = false
    /// For each reply in the ledger, the reply of the turn it belongs to (a streamed answer is one
    /// reply in memory but one ledger reply per sentence).
    var replyGroups: [Int] = []
    /// The turn whose answer is spoken sentence by sentence while the model still writes it.
    var streamingTurn: Int?

    enum CheckingLane: Equatable { case unopened, open, failed }

    struct Utterance {
        var audio: [Int16] = []
        var endpointer: Endpointer
        var startedAt: Duration
        var overAgent: Bool
        var bargedIn = false
        var grammar: SlotGrammar?
        var checked = false
    }

    /// An utterance whose words are being finished.
    struct Ending {
        var utterance: Utterance
        var reason: EndpointReason
        var speechEnded: Duration
        var ticket: Int
        var failuresBefore: Int
        var grammarWords: String?
        var decodingAgain = false
    }

    struct Queued {
        var ticket: Int
        var input: Input
        /// From the end of the caller's speech to the endpoint decision (stream time).
        var endpointing: Duration
        /// Interruptions counted when it was submitted.
        var interruptions: Int
    }

    struct ActiveTurn {
        var ticket: Int
        var input: Input
        var phase: Phase
        var cancelled = false
        /// Interruptions counted when the caller's words were submitted.
        var interruptionsAtSubmit = 0
        /// Stream time when the turn's clock started (endpointing for latency).
        var endpointing: Duration = .zero

        enum Phase: Equatable {
            /// The agent works.
            case thinking
            /// Its replies are synthesised; `completes`: say `replyComplete` when done.
            case speaking(final: Bool, completes: Bool)
            /// A transfer or hang-up waits for its words to play.
            case awaitingPlayout
        }

        var report: TurnReport?
    }

    struct Response {
        var turn: Int
        var ticket: Int
        var interruptible: Bool
        var endpointing: Duration
        var firstAudioSent = false
    }

    /// A call flow with `configuration`; `wording` gives the host's own lines, `sentences` splits
    /// a reply the way the synthesiser will.
    public init(
        configuration: VoiceCallConfiguration, wording: CallWording = CallWording(),
        sentences: @escaping @Sendable (String) -> [String]
    ) {
        self.configuration = configuration
        self.wording = wording
        self.sentences = sentences
        framer = OutboundFramer(frameLength: configuration.outputFrameLength, maximumFrames: configuration.framesPerChunk)
        keypad = DTMFCollector(pause: configuration.keypadPause)
    }

    /// True while agent audio is being produced or is still playing at the far end.
    public var agentAudible: Bool {
        job != nil || (ledger.outstandingMarks > 0 && now < playoutEnds + configuration.playoutSlack)
    }

    /// True once a transfer or hang-up has been emitted, or the call ended.
    public var isOver: Bool { closed || ended }

    /// Takes one event and returns what to do, in order.
    public mutating func handle(_ event: Event) -> [Action] {
        out = []
        guard !ended else { return [] }
        switch event {
        case .start:
            guard !started else { break }
            started = true
            submit(.greeting)
        case .frame(let frame):
            guard !closed else { break }
            process(frame)
        case .digit(let key):
            guard !closed else { break }
            pressed(key)
        case .markPlayed(let mark):
            ledger.acknowledge(mark, at: now)
        case .partial(let text):
            utterance?.endpointer.update(transcript: text)
        case .recognized(let lane, let text):
            recognized(lane, text)
        case .recognizerFailed(let lane, let step, let message):
            recognizerFailed(lane, step, message)
        case .turnDone(let ticket, let report, let listening):
            turnDone(ticket: ticket, report: report, listening: listening)
        case .sentence(let ticket, let turn, let text, let startsReply):
            sentence(ticket: ticket, turn: turn, text: text, startsReply: startsReply)
        case .synthesized(let id, let samples, let sentence, let endsSentence):
            synthesized(job: id, samples: samples, sentence: sentence, endsSentence: endsSentence)
        case .synthesisEnded(let id, let tail, let failure):
            synthesisEnded(job: id, tail: tail, failure: failure)
        case .closing(let text):
            // Also after a transfer the host could not make: its line (a callback promise) is
            // spoken before the hang-up.
            closed = false
            submit(.closing(text))
        case .playoutDeadline:
            finishPlayout(force: true)
        case .hungUp:
            hangUp()
            return out
        }
        finishPlayout(force: false)
        advanceTurns()
        return out
    }

    mutating func emit(_ event: VoiceCallEvent) { out.append(.emit(event)) }

    private mutating func hangUp() {
        ended = true
        if job != nil || !jobs.isEmpty { out.append(.cancelSynthesis) }
        job = nil
        jobs = []
        if let active, case .thinking = active.phase { out.append(.cancelTurn(ticket: active.ticket)) }
        active = nil
        queue = []
    }
}
