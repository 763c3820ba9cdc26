/// One call's conversation, as a value-type state machine with no I/O: feed it events (the call
/// started, the caller said something, a skill answered) and perform the actions it returns.
///
/// ```swift
/// var session = Session(callID: "c1", caller: "+15551230001", today: day, configuration: .init())
/// var actions = session.start(catalog: catalog)           // → [.runCallStartHooks(…)]
/// actions = session.callStartFinished(hooksResult)        // → [.say("Hi Dana, …")]
/// actions = session.receive("book me in for tuesday", candidates: ranked, catalog: catalog)
/// // → [.say("What time works best for you?")]  (slot filling), or [.runHandler(…)]
/// ```
///
/// Routing (DESIGN.md): while a slot is awaited the words are first tried as its answer; a
/// confident match to another intent is a topic switch (the unfinished task is offered back
/// later); a confident fast-path match starts a task; an unsure one is clarified by naming the
/// top candidates; repeated real misses, frustration, or asking for a person escalate.
public struct Session: Sendable {
    public let callID: String
    public let caller: String?
    public var configuration: SessionConfiguration
    public internal(set) var state: SessionState = .greeting
    public internal(set) var memory = ConversationMemory()
    public internal(set) var statistics = SessionStatistics()
    /// How the next reply should sound (see ``SpeakingStyle``); calm stays for the rest of a call
    /// once the caller sounded frustrated.
    public internal(set) var speakingStyle: SpeakingStyle = .neutral
    var callerWasFrustrated = false
    var slotAnswersAtTurnStart = 0

    var extractor: EntityExtractor
    /// The task being worked on, and those a topic switch interrupted (most recent last).
    var current: ActiveTask?
    var suspended: [ActiveTask] = []
    /// What the caller said when clarification was asked (its entities fill slots once resolved).
    var clarifyingUtterance: ClarifyingUtterance?
    /// An action the language model proposed, read back and waiting for the caller's yes.
    public internal(set) var proposedToolCall: ProposedToolCall?
    /// The task whose read-back the caller last turned down, and the turn they did it on.
    var declinedIntent: (intent: String, turn: Int)?
    var consecutiveFailures = 0
    /// The question the caller is answering (the last one asked), repeated after a social turn.
    var pendingQuestion: String?
    /// Set while a social turn's reply is built, so it does not become the pending question.
    var answeringSocially = false
    /// The caller was offered a person for a question nobody could answer.
    var offeringCallback = false
    /// This turn's decision is below the operator's target precision (an intent that acts,
    /// decided at the answer precision): a task it starts names itself in its first question
    /// ("Okay, to book an appointment: what day…?"), and it may not close over a goodbye or
    /// interrupt a task.
    var tentativeDecision = false
    /// The task just started on a tentative decision; its first question says what it is.
    var confirmsImplicitly = false
    /// A second request made in the same turn ("what do I owe, and when did I last pay?"), to
    /// start when the task that turn started is done (the index of that task's record).
    var queued: (intent: String, utterance: String, after: Int)?
    /// The caller said yes to a read-back and goodbye in one turn: the call ends once the task is done.
    var closingAfterTask = false
    /// This turn's calibrated verdict, if the model was current, and whether it met the target.
    var turnCalibrated: CalibratedChoice?
    var decidedAtTarget = false
    /// This turn was read as a question for an intent of a few examples that shares no topic
    /// word with them: a question about something else, not that one.
    var offTopic = false
    /// The caller's turns so far (0 during the greeting); transcript entries carry it.
    public internal(set) var turn = 0

    public init(callID: String, caller: String?, today: CalendarDay, configuration: SessionConfiguration = .init()) {
        self.callID = callID
        self.caller = caller
        self.configuration = configuration
        self.extractor = EntityExtractor(today: today)
    }

    /// The call connected: run the call-start hooks (CRM greets known callers).
    public mutating func start() -> [SessionAction] {
        state = .greeting
        return [.runCallStartHooks(request(intent: "", utterance: "", confidence: 1, slots: [:], entities: []))]
    }

    /// The hooks answered: greet with what they said, or the configured greeting.
    public mutating func callStartFinished(_ result: HandlerResult) -> [SessionAction] {
        guard state == .greeting else { return [] }
        memory.apply(result)
        state = .listening
        let says = result.status == .completed && !result.says.isEmpty ? result.says : [configuration.greeting]
        return says.map { speak($0) }
    }

    /// Sets the day entity extraction reads relative dates from (a call that spans midnight).
    public mutating func setToday(_ day: CalendarDay) {
        extractor.today = day
    }

    /// The caller barged in on the agent's replies of `turn`: memory keeps only what was heard
    /// (see ``ConversationMemory/keepHeard(_:ofTurn:)``).
    public mutating func agentInterrupted(turn: Int, heard: [String]) {
        statistics.interruptions += 1
        memory.keepHeard(heard, ofTurn: turn)
    }

    /// Replaces the rolling summary (an LLM summariser will call this).
    public mutating func setRollingSummary(_ summary: String?) {
        memory.rollingSummary = summary
    }

    /// The handoff record as of now.
    public func handoffRecord(reason: String) -> HandoffRecord {
        // Task records carry their slots as they are gathered, so no copy is patched here: a
        // turn's cost must not grow with the length of the call.
        HandoffRecord(
            callID: callID, caller: caller, customerName: memory.customerName, reason: reason,
            tasks: memory.tasks, lastCallerWords: memory.lastCallerWords(2)
        )
    }

    // MARK: Helpers shared by the extensions

    mutating func speak(_ text: String) -> SessionAction {
        memory.append(.agent, text, turn: turn)
        return .say(text)
    }

    func request(
        intent: String, utterance: String, confidence: Float, slots: [String: String], entities: [Entity],
        escalation: EscalationReason? = nil
    ) -> HandlerRequest {
        HandlerRequest(
            intent: intent, utterance: utterance, confidence: confidence, slots: slots, entities: entities,
            callValues: memory.callValues, customerJSON: memory.customerJSON,
            handoff: handoffRecord(reason: escalation?.rawValue ?? "caller asked for a person"),
            escalationReason: escalation
        )
    }
}

/// Tunables of a session.
public struct SessionConfiguration: Sendable, Equatable {
    /// When the embedding match alone decides.
    public var policy: FastPathPolicy
    /// Below this best score the caller is not understood (no clarification offered).
    public var clarifyFloor: Float
    /// Candidates within this distance of the best are named when clarifying.
    public var clarifySpread: Float
    /// Real misunderstandings in a row that escalate (social turns and out-of-scope questions
    /// never count); a person is offered one miss before.
    public var failuresBeforeEscalation: Int
    /// A question no skill covers is first put to the agent's language model (which knows the
    /// business profile); "I don't know" only when it cannot answer.
    public var answersOpenQuestions = false
    public var greeting: String
    public var farewell: String
    /// The call's own lines (busy, shutting down, a failure, an overlong turn).
    public var wording = CallWording()

    public init(
        policy: FastPathPolicy = FastPathPolicy(), clarifyFloor: Float = 0.45, clarifySpread: Float = 0.12,
        failuresBeforeEscalation: Int = 3,
        greeting: String = "Thanks for calling. How can I help you today?",
        farewell: String = "Thanks for calling. Goodbye!"
    ) {
        self.policy = policy
        self.clarifyFloor = clarifyFloor
        self.clarifySpread = clarifySpread
        self.failuresBeforeEscalation = failuresBeforeEscalation
        self.greeting = greeting
        self.farewell = farewell
    }
}

/// Counters a call keeps about itself.
public struct SessionStatistics: Sendable, Equatable {
    public var callerTurns = 0
    public var fastPathDecisions = 0
    public var slotAnswers = 0
    public var clarificationsAsked = 0
    public var clarificationsResolved = 0
    public var notUnderstood = 0
    /// Greetings, thanks, "are you still there" and the like.
    public var socialTurns = 0
    /// Questions nobody could answer, deferred to a person.
    public var outOfScope = 0
    /// Questions no skill covers that the language model answered.
    public var openAnswers = 0
    /// Values the caller corrected ("make it sixty").
    public var corrections = 0
    public var topicSwitches = 0
    public var escalations = 0
    public var handlerFailures = 0
    /// Replies the caller talked over (barge-ins).
    public var interruptions = 0
}

/// A task in progress: an intent and the slots gathered so far.
struct ActiveTask: Sendable, Equatable {
    var intent: String
    var slots: [String: String]
    var utterance: String
    var confidence: Float
    var entities: [Entity]
    /// Index of its entry in `memory.tasks`.
    var recordIndex: Int
    var escalation: EscalationReason?
    /// Offered back once already after a topic switch.
    var offered = false
    /// Started on a tentative decision and not yet heard of: the first reply names the task.
    var unannounced = false
}

/// What the caller first said when the agent asked which task they meant.
typealias ClarifyingUtterance = (text: String, entities: [Entity], scores: [String: Float])
