import Agent
import Core
import Speech

/// What a live call emits, in order. A transport acts on the first four; the rest tell observers
/// (logs, tests, the admin API) what happened.
public enum VoiceCallEvent: Sendable {
    /// Agent audio at the configured output rate, whole frames, at most `framesPerChunk` of
    /// them; send it, then a mark named `mark`, and report the echo with `markPlayed`.
    case audio(samples: [Int16], mark: String)
    /// The caller barged in: drop every buffered sample at the far end.
    case clear
    /// Hand the call to a person; the "transferring you" reply has played.
    case transfer(HandoffRecord)
    /// End the call; the farewell has played.
    case hangUp(reason: String)

    /// The caller finished an utterance (spoken or keyed) and it went to the agent.
    case heard(CallerUtterance)
    /// The agent answered.
    case replied(TurnReport)
    /// The caller talked over the agent: what was heard of the replies, and which turn's.
    case interrupted(turn: Int, heard: PlaybackLedger.Heard)
    /// Caller audio that did not make a turn, and why (a backchannel, noise, an empty result).
    case ignored(String)
    /// A speech engine failed (`engine`: recognizer or synthesizer); the caller was told.
    case engineFailed(engine: String, message: String)
    /// The agent's first audio for a turn went out.
    case firstAudio(TurnLatency)
    /// All of a turn's reply audio has been handed over (it may still be playing).
    case replyComplete(turn: Int)
}

/// One utterance of the caller as the agent received it.
public struct CallerUtterance: Sendable, Equatable {
    public enum Source: String, Sendable { case speech, keypad }

    public var text: String
    public var source: Source
    /// Why the endpointer ended the turn (speech only).
    public var endpoint: EndpointReason?
    /// The grammar the recogniser decoded with (`nil`: the language model).
    public var grammar: SlotGrammar?
    /// True when a grammar listened but the language model's words were taken: the grammar
    /// heard nothing, or the answer was not of the slot's kind.
    public var fellBackToLanguageModel: Bool
    /// Why the grammar's or the language model's words were taken (only while a grammar listened).
    public var choice: String?
    /// Stream time of the end of the caller's last voiced frame (or of the key press).
    public var endedAt: Duration
}

/// How fast the agent answered one turn.
public struct TurnLatency: Sendable, Equatable {
    public var turn: Int
    /// From the end of the caller's speech (stream time) to the endpoint decision.
    public var endpointing: Duration
    /// From the endpoint decision to the first agent audio handed to the transport (wall clock).
    public var response: Duration
    /// The sum: end of caller speech → first agent audio, as the host sees it.
    public var total: Duration { endpointing + response }
}
