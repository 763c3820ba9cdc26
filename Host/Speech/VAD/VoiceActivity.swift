/// Where a stream of audio stands with respect to speech, frame by frame.
///
/// ```text
///            voiced              onset reached              unvoiced
///   quiet ──────────▶ starting ───────────────▶ speaking ───────────▶ stopping
///     ▲                  │ gap too long            ▲        voiced        │
///     └──────────────────┘                         └──────────────────────┤
///     ▲                                              release reached      │
///     └───────────────────────────────────────────────────────────────────┘
/// ```
public enum VoiceActivity: String, Sendable, CaseIterable {
    /// No speech.
    case quiet
    /// Voiced frames, not yet long enough to be called speech.
    case starting
    /// Speech, confirmed.
    case speaking
    /// Speech has paused; still speech until the release time passes.
    case stopping

    /// Inside a confirmed utterance (``speaking`` or ``stopping``).
    public var isSpeech: Bool { self == .speaking || self == .stopping }
}

/// A change a detector reports: speech started or ended, with where in the stream it happened
/// and when the detector knew.
public struct VoiceActivityEvent: Sendable, Equatable, CustomStringConvertible {
    /// What happened.
    public enum Kind: String, Sendable {
        /// Speech began (confirmed after the onset time).
        case speechStarted
        /// Speech ended (confirmed after the release time).
        case speechEnded
    }

    /// Started or ended.
    public let kind: Kind
    /// Stream time of the change: the start of the first voiced frame of the utterance, or the
    /// end of its last voiced frame.
    public let time: Duration
    /// Stream time at which the detector decided: the end of the frame that reached the onset
    /// or the release time. `decidedAt − time` is the detector's latency.
    public let decidedAt: Duration

    /// An event of `kind` at stream time `time`, decided at `decidedAt`.
    public init(_ kind: Kind, time: Duration, decidedAt: Duration) {
        self.kind = kind
        self.time = time
        self.decidedAt = decidedAt
    }

    public var description: String { "\(kind.rawValue) at \(time) (decided at \(decidedAt))" }
}

/// How long voice must last to count as speech, and silence to end it.
public struct VoiceActivityTiming: Sendable, Equatable {
    /// Voiced time that confirms speech (``VoiceActivity/starting`` → ``VoiceActivity/speaking``).
    public var onset: Duration
    /// Unvoiced time inside an onset that is forgiven (a weak frame between two voiced ones);
    /// a longer gap drops back to ``VoiceActivity/quiet``.
    public var onsetGap: Duration
    /// Unvoiced time (the hangover) after which speech has ended.
    public var release: Duration

    /// Defaults: 60 ms onset, 20 ms onset gap, 200 ms release.
    public init(onset: Duration = .milliseconds(60), onsetGap: Duration = .milliseconds(20), release: Duration = .milliseconds(200)) {
        self.onset = onset
        self.onsetGap = onsetGap
        self.release = release
    }
}

/// A voice activity detector: frames of 16-bit mono samples in, ``VoiceActivity`` out, with
/// ``VoiceActivityEvent``s at the edges of speech.
///
/// ```swift
/// var vad: any VoiceActivityDetector = EnergyVAD()
/// for frame in frames {                       // 10 or 20 ms each
///     let activity = vad.process(frame)
///     if let event = vad.event { pipeline.send(event) }
/// }
/// ```
public protocol VoiceActivityDetector: Sendable {
    /// The sample rate the detector expects.
    var sampleRate: Int { get }
    /// The activity after the latest frame.
    var activity: VoiceActivity { get }
    /// The event the latest frame caused, if any.
    var event: VoiceActivityEvent? { get }
    /// Stream time consumed: the end of the latest frame.
    var time: Duration { get }
    /// Takes the next frame (10 or 20 ms) and returns the activity after it.
    mutating func process(_ frame: [Int16]) -> VoiceActivity
    /// Forgets the stream (a new call).
    mutating func reset()
}

extension VoiceActivityDetector {
    /// Runs `samples` through in frames of `frameDuration` (a last partial frame is left out) and
    /// returns the events, in order.
    public mutating func events(in samples: [Int16], frameDuration: Duration = .milliseconds(20)) -> [VoiceActivityEvent] {
        let frameLength = AudioTime.samples(frameDuration, rate: sampleRate)
        precondition(frameLength > 0, "frames must hold at least one sample")
        var events: [VoiceActivityEvent] = []
        var start = 0
        while start + frameLength <= samples.count {
            _ = process(Array(samples[start..<start + frameLength]))
            if let event { events.append(event) }
            start += frameLength
        }
        return events
    }
}
