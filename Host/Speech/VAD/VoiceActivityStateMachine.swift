/// The onset and release logic every detector shares: per-frame "voiced or not" decisions in,
/// ``VoiceActivity`` and ``VoiceActivityEvent``s out. Time is counted in samples, so it is exact
/// for any frame size.
///
/// ```swift
/// var machine = VoiceActivityStateMachine(sampleRate: 8_000)
/// machine.step(voiced: true, sampleCount: 160)   // .starting
/// ```
public struct VoiceActivityStateMachine: Sendable, Equatable {
    /// The sample rate that turns sample counts into time.
    public let sampleRate: Int
    /// Onset and release times.
    public let timing: VoiceActivityTiming
    /// The activity after the latest frame.
    public private(set) var activity: VoiceActivity = .quiet
    /// The event the latest frame caused, if any.
    public private(set) var event: VoiceActivityEvent?
    /// Samples consumed.
    public private(set) var position = 0

    private let onsetSamples: Int
    private let onsetGapSamples: Int
    private let releaseSamples: Int
    /// Where the voiced run now in ``VoiceActivity/starting`` began.
    private var runStart = 0
    /// Voiced samples in that run.
    private var voicedInRun = 0
    /// Unvoiced samples in a row (an onset gap, or the silence while stopping).
    private var unvoiced = 0
    /// The end of the latest voiced frame.
    private var lastVoicedEnd = 0

    /// A machine for audio at `sampleRate` Hz.
    public init(sampleRate: Int, timing: VoiceActivityTiming = VoiceActivityTiming()) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.sampleRate = sampleRate
        self.timing = timing
        onsetSamples = AudioTime.samples(timing.onset, rate: sampleRate)
        onsetGapSamples = AudioTime.samples(timing.onsetGap, rate: sampleRate)
        releaseSamples = AudioTime.samples(timing.release, rate: sampleRate)
    }

    /// Stream time consumed.
    public var time: Duration { AudioTime.duration(samples: position, rate: sampleRate) }

    /// Takes the decision for the next frame of `sampleCount` samples.
    @discardableResult
    public mutating func step(voiced: Bool, sampleCount: Int) -> VoiceActivity {
        event = nil
        let frameStart = position
        position += sampleCount
        switch (activity, voiced) {
        case (.quiet, true):
            runStart = frameStart
            voicedInRun = sampleCount
            unvoiced = 0
            lastVoicedEnd = position
            activity = .starting
            confirmOnsetIfReached()
        case (.quiet, false):
            break
        case (.starting, true):
            voicedInRun += sampleCount
            unvoiced = 0
            lastVoicedEnd = position
            confirmOnsetIfReached()
        case (.starting, false):
            unvoiced += sampleCount
            if unvoiced > onsetGapSamples { activity = .quiet }
        case (.speaking, true), (.stopping, true):
            lastVoicedEnd = position
            unvoiced = 0
            activity = .speaking
        case (.speaking, false), (.stopping, false):
            unvoiced += sampleCount
            activity = .stopping
            if unvoiced >= releaseSamples {
                activity = .quiet
                event = VoiceActivityEvent(.speechEnded, time: AudioTime.duration(samples: lastVoicedEnd, rate: sampleRate), decidedAt: time)
            }
        }
        return activity
    }

    /// Back to the start of a stream.
    public mutating func reset() {
        self = VoiceActivityStateMachine(sampleRate: sampleRate, timing: timing)
    }

    private mutating func confirmOnsetIfReached() {
        guard voicedInRun >= onsetSamples else { return }
        activity = .speaking
        event = VoiceActivityEvent(.speechStarted, time: AudioTime.duration(samples: runStart, rate: sampleRate), decidedAt: time)
    }
}
