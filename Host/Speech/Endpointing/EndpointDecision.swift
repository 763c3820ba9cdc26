/// What the ``Endpointer`` decided after a frame, and why.
///
/// ```swift
/// let decision = endpointer.update(.quiet, at: .milliseconds(2_340))
/// if decision.isEndOfTurn { session.finishTurn() }
/// // decision.reason == .unfinishedPhoneNumber(digits: 7), decision.silence == .milliseconds(640)
/// ```
public struct EndpointDecision: Sendable, Equatable, CustomStringConvertible {
    /// Keep listening, or the caller's turn is over.
    public enum Action: String, Sendable {
        /// The caller may go on.
        case listen
        /// The caller's turn is over.
        case endOfTurn
    }

    /// Listen on, or end the turn.
    public let action: Action
    /// Why: what the words or the audio say about the turn.
    public let reason: EndpointReason
    /// Silence since the caller last spoke (zero while speaking or before any speech).
    public let silence: Duration
    /// The silence ``reason`` needs before the turn ends; `nil` while nothing is pending
    /// (no speech yet, or speaking).
    public let requiredSilence: Duration?

    /// A decision; the ``Endpointer`` makes these.
    public init(action: Action, reason: EndpointReason, silence: Duration, requiredSilence: Duration?) {
        self.action = action
        self.reason = reason
        self.silence = silence
        self.requiredSilence = requiredSilence
    }

    /// Whether the turn is over.
    public var isEndOfTurn: Bool { action == .endOfTurn }

    public var description: String {
        let required = requiredSilence.map { " of \($0)" } ?? ""
        return "\(action.rawValue): \(reason) (silence \(silence)\(required))"
    }
}

/// Why the ``Endpointer`` waits or ends a turn.
public enum EndpointReason: Sendable, Equatable, CustomStringConvertible {
    /// The caller has not spoken yet.
    case noSpeech
    /// The caller is speaking (or speech may be starting).
    case speaking
    /// A plain pause: the turn ends after the usual short silence.
    case pause
    /// The words so far already make a complete, confident request: ends sooner.
    case completeRequest
    /// A filler ("um", "uh"): the caller is thinking.
    case filler(String)
    /// A word a sentence does not end on ("and", "but", "so", "the").
    case trailingWord(String)
    /// Digits being read out, perhaps more to come.
    case unfinishedDigits(count: Int)
    /// A phone number with fewer digits than a whole one.
    case unfinishedPhoneNumber(digits: Int)
    /// An e-mail address without its domain yet ("… at", "… dot", or "at" with no "dot").
    case unfinishedEmail

    /// Whether this reason makes the endpointer wait longer than a plain pause.
    public var holdsTurn: Bool {
        switch self {
        case .filler, .trailingWord, .unfinishedDigits, .unfinishedPhoneNumber, .unfinishedEmail: true
        case .noSpeech, .speaking, .pause, .completeRequest: false
        }
    }

    public var description: String {
        switch self {
        case .noSpeech: "no speech yet"
        case .speaking: "speaking"
        case .pause: "pause"
        case .completeRequest: "complete request"
        case .filler(let word): "filler \"\(word)\""
        case .trailingWord(let word): "trailing \"\(word)\""
        case .unfinishedDigits(let count): "unfinished digits (\(count))"
        case .unfinishedPhoneNumber(let digits): "unfinished phone number (\(digits) digits)"
        case .unfinishedEmail: "unfinished e-mail"
        }
    }
}
