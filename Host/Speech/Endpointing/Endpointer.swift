import Core

/// Decides when a caller's turn is over, from the detector's activity over time and the partial
/// transcript so far. Pure: the caller passes the time (stream time of each frame), nothing reads
/// a clock.
///
/// The turn ends after a short silence (300 ms) unless the words say the caller is not done —
/// a trailing "and", "um", digits being read out, a phone number short of its digits, an e-mail
/// without its domain — then it waits longer (1.2–2.5 s, never more than the 3 s cap). A partial
/// the conversation engine already reads as a complete, confident request ends sooner (150 ms).
/// Every decision carries its reason and the silence measured.
///
/// ```swift
/// var endpointer = Endpointer(configuration: .init(expecting: .phoneNumber))
/// endpointer.update(transcript: partial, isCompleteRequest: router.isConfident(partial))
/// let decision = endpointer.update(vad.process(frame), at: vad.time)
/// if decision.isEndOfTurn { … }
/// ```
///
/// Once the turn has ended, later updates repeat that decision until ``reset()``.
public struct Endpointer: Sendable {
    /// Silences to wait for, per reason, and the words that hold a turn open.
    public struct Configuration: Sendable, Equatable {
        /// After a plain pause.
        public var endSilence: Duration
        /// After a partial that is a complete, confident request.
        public var completeRequestSilence: Duration
        /// After a filler or a trailing word ("um", "and").
        public var hesitationSilence: Duration
        /// After digits or an unfinished phone number.
        public var digitSilence: Duration
        /// After an unfinished e-mail address.
        public var emailSilence: Duration
        /// No wait is longer than this.
        public var maximumSilence: Duration
        /// The kind of answer the conversation awaits (``EntityKind/phoneNumber``,
        /// ``EntityKind/digits``, ``EntityKind/email``), if any.
        public var expecting: EntityKind?
        /// How many digits the awaited ``EntityKind/digits`` answer has, when known (an account
        /// number of 8); fewer hold the turn, that many end it at the usual pause.
        public var expectedDigitCount: Int?
        /// Fillers that show the caller is thinking.
        public var fillers: Set<String>
        /// Words a sentence does not end on.
        public var continuations: Set<String>

        /// Defaults: 300 ms pause, 150 ms for a complete request, 1.2 s after a hesitation, 2 s
        /// for digits and phone numbers, 2.5 s for e-mails, 3 s cap.
        public init(
            endSilence: Duration = .milliseconds(300), completeRequestSilence: Duration = .milliseconds(150),
            hesitationSilence: Duration = .milliseconds(1_200), digitSilence: Duration = .seconds(2),
            emailSilence: Duration = .milliseconds(2_500), maximumSilence: Duration = .seconds(3),
            expecting: EntityKind? = nil, expectedDigitCount: Int? = nil,
            fillers: Set<String> = Endpointer.defaultFillers, continuations: Set<String> = Endpointer.defaultContinuations
        ) {
            self.endSilence = endSilence
            self.completeRequestSilence = completeRequestSilence
            self.hesitationSilence = hesitationSilence
            self.digitSilence = digitSilence
            self.emailSilence = emailSilence
            self.maximumSilence = maximumSilence
            self.expecting = expecting
            self.expectedDigitCount = expectedDigitCount
            self.fillers = fillers
            self.continuations = continuations
        }
    }

    /// "um", "uh", "er", "erm", "uhm", "hmm", "mm", "ah".
    public static let defaultFillers: Set<String> = ["um", "uh", "er", "erm", "uhm", "umm", "hmm", "mm", "ah"]
    /// Conjunctions and words that need a word after them: "and", "but", "or", "so", "because",
    /// "plus", "the", "a", "an", "my", "your", "of".
    public static let defaultContinuations: Set<String> = [
        "and", "but", "or", "so", "because", "plus", "the", "a", "an", "my", "your", "of",
    ]

    /// Silences and words; changing it (a new slot awaited) applies from the next decision.
    public var configuration: Configuration {
        didSet { hold = TurnWords(transcript).hold(configuration) }
    }
    /// The latest partial transcript.
    public private(set) var transcript = ""
    /// Whether the latest partial is a complete, confident request.
    public private(set) var isCompleteRequest = false
    /// The latest decision.
    public private(set) var decision: EndpointDecision
    /// Stream time at which the caller last spoke; `nil` before any speech.
    private var lastSpeech: Duration?
    /// What the words say, worked out once per transcript.
    private var hold: (reason: EndpointReason, silence: Duration)?

    /// An endpointer for one turn.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.decision = EndpointDecision(action: .listen, reason: .noSpeech, silence: .zero, requiredSilence: nil)
    }

    /// Takes the recogniser's latest partial, and whether the conversation engine reads it as a
    /// complete, confident request.
    public mutating func update(transcript: String, isCompleteRequest: Bool = false) {
        self.transcript = transcript
        self.isCompleteRequest = isCompleteRequest
        hold = TurnWords(transcript).hold(configuration)
    }

    /// Takes the detector's activity for the frame ending at stream time `time` and decides.
    @discardableResult
    public mutating func update(_ activity: VoiceActivity, at time: Duration) -> EndpointDecision {
        guard !decision.isEndOfTurn else { return decision }
        switch activity {
        case .speaking:
            lastSpeech = time
            decision = EndpointDecision(action: .listen, reason: .speaking, silence: .zero, requiredSilence: nil)
        case .starting:
            // Perhaps speech, perhaps a click: do not end the turn, do not restart the silence.
            let silence = lastSpeech.map { time - $0 } ?? .zero
            decision = EndpointDecision(action: .listen, reason: lastSpeech == nil ? .noSpeech : .speaking, silence: silence, requiredSilence: nil)
        case .stopping, .quiet:
            guard let lastSpeech else {
                decision = EndpointDecision(action: .listen, reason: .noSpeech, silence: .zero, requiredSilence: nil)
                break
            }
            let silence = time - lastSpeech
            let (reason, required) = requirement()
            decision = EndpointDecision(action: silence >= required ? .endOfTurn : .listen, reason: reason, silence: silence, requiredSilence: required)
        }
        return decision
    }

    /// Starts a new turn: the speech and transcript so far are forgotten, the configuration stays.
    public mutating func reset() {
        lastSpeech = nil
        transcript = ""
        isCompleteRequest = false
        hold = nil
        decision = EndpointDecision(action: .listen, reason: .noSpeech, silence: .zero, requiredSilence: nil)
    }

    /// The reason in force and the silence it needs.
    private func requirement() -> (EndpointReason, Duration) {
        let cap = configuration.maximumSilence
        if let hold { return (hold.reason, min(hold.silence, cap)) }
        if isCompleteRequest { return (.completeRequest, min(configuration.completeRequestSilence, cap)) }
        return (.pause, min(configuration.endSilence, cap))
    }
}
