import Foundation

/// The default voice activity detector: frame energy against an adaptive noise floor, helped by
/// the zero-crossing rate. Pure Swift, a value type, about a tenth of a microsecond a frame.
///
/// A frame is voiced when its level is ``Configuration/threshold`` dB (9) over the noise floor,
/// or ``Configuration/lowThreshold`` dB over it with a zero-crossing rate well below the
/// noise's (voiced speech in broadband noise crosses zero less often than the noise alone).
/// Nothing under ``Configuration/minimumLevel`` is voiced. The floor falls fast to quieter
/// frames and rises slowly, more slowly still while speech goes on. Fine on clean and moderately
/// noisy lines; on very noisy ones (5 dB SNR) use ``WebRTCVAD``.
///
/// ```swift
/// var vad = EnergyVAD(configuration: .init(sampleRate: 8_000))
/// for frame in frames where vad.process(frame) == .speaking { … }
/// ```
public struct EnergyVAD: VoiceActivityDetector {
    /// Thresholds and adaptation rates.
    public struct Configuration: Sendable, Equatable {
        /// Sample rate in Hz (8000 or 16000; any rate works).
        public var sampleRate: Int
        /// Onset and release times.
        public var timing: VoiceActivityTiming
        /// dB over the noise floor that make a frame voiced on energy alone.
        public var threshold: Double
        /// dB over the noise floor that make a frame voiced when its zero-crossing rate is
        /// ``zeroCrossingMargin`` below the noise's.
        public var lowThreshold: Double
        /// How far (as a fraction of samples) the zero-crossing rate must drop below the noise's.
        public var zeroCrossingMargin: Double
        /// dBFS below which no frame is voiced (digital silence, a dead line).
        public var minimumLevel: Double
        /// dB per second the floor may rise while no speech is going on.
        public var floorRise: Double
        /// dB per second the floor may rise during speech.
        public var floorRiseInSpeech: Double
        /// Time constant of the floor's fall to a quieter frame.
        public var floorFall: Duration

        /// Defaults: 9 dB over the floor (ENGINES-NOTES), 4 dB with a zero-crossing drop of 0.1,
        /// nothing under −60 dBFS, the floor rising 6 dB/s (0.5 in speech) and falling with a 40 ms
        /// time constant.
        public init(
            sampleRate: Int = 8_000, timing: VoiceActivityTiming = VoiceActivityTiming(), threshold: Double = 9,
            lowThreshold: Double = 4, zeroCrossingMargin: Double = 0.1, minimumLevel: Double = -60,
            floorRise: Double = 6, floorRiseInSpeech: Double = 0.5, floorFall: Duration = .milliseconds(40)
        ) {
            self.sampleRate = sampleRate
            self.timing = timing
            self.threshold = threshold
            self.lowThreshold = lowThreshold
            self.zeroCrossingMargin = zeroCrossingMargin
            self.minimumLevel = minimumLevel
            self.floorRise = floorRise
            self.floorRiseInSpeech = floorRiseInSpeech
            self.floorFall = floorFall
        }
    }

    /// What one frame measured.
    public struct FrameFeatures: Sendable, Equatable {
        /// RMS level in dBFS (−120 for digital silence).
        public var level: Double
        /// Sign changes per sample, 0 … 1 (after removing the frame's mean).
        public var zeroCrossingRate: Double
    }

    /// Thresholds, rates and timing.
    public let configuration: Configuration
    private var machine: VoiceActivityStateMachine
    /// The noise floor in dBFS; `nil` before the first frame.
    public private(set) var noiseFloor: Double?
    /// The noise's zero-crossing rate, averaged over frames with no speech.
    public private(set) var noiseZeroCrossingRate: Double?
    /// Whether the latest frame was voiced.
    public private(set) var lastFrameVoiced = false

    /// A detector with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.machine = VoiceActivityStateMachine(sampleRate: configuration.sampleRate, timing: configuration.timing)
    }

    /// The expected sample rate, from the configuration.
    public var sampleRate: Int { configuration.sampleRate }
    /// The activity after the latest frame.
    public var activity: VoiceActivity { machine.activity }
    /// The event the latest frame caused, if any.
    public var event: VoiceActivityEvent? { machine.event }
    /// Stream time consumed: the end of the latest frame.
    public var time: Duration { machine.time }

    /// Takes the next frame (10 or 20 ms; any length works) and returns the activity after it.
    public mutating func process(_ frame: [Int16]) -> VoiceActivity {
        guard !frame.isEmpty else { return machine.activity }
        let features = Self.features(of: frame)
        let voiced = isVoiced(features)
        adapt(to: features, voiced: voiced, seconds: Double(frame.count) / Double(configuration.sampleRate))
        lastFrameVoiced = voiced
        return machine.step(voiced: voiced, sampleCount: frame.count)
    }

    /// Forgets the stream and the noise floor (a new call).
    public mutating func reset() {
        self = EnergyVAD(configuration: configuration)
    }

    /// The frame decision alone, against the current floor.
    public func isVoiced(_ features: FrameFeatures) -> Bool {
        guard features.level >= configuration.minimumLevel else { return false }
        let floor = noiseFloor ?? features.level
        let over = features.level - floor
        if over >= configuration.threshold { return true }
        if over >= configuration.lowThreshold, let noiseRate = noiseZeroCrossingRate,
           features.zeroCrossingRate <= noiseRate - configuration.zeroCrossingMargin {
            return true
        }
        return false
    }

    private mutating func adapt(to features: FrameFeatures, voiced: Bool, seconds: Double) {
        let inSpeech = machine.activity != .quiet || voiced
        guard let floor = noiseFloor else {
            noiseFloor = features.level
            noiseZeroCrossingRate = features.zeroCrossingRate
            return
        }
        if features.level < floor {
            let fall = 1 - exp(-seconds / (Double(AudioTime.nanoseconds(configuration.floorFall)) / 1e9))
            noiseFloor = floor + (features.level - floor) * fall
        } else {
            let rate = inSpeech ? configuration.floorRiseInSpeech : configuration.floorRise
            noiseFloor = floor + min(features.level - floor, rate * seconds)
        }
        if !inSpeech, let noiseRate = noiseZeroCrossingRate {
            noiseZeroCrossingRate = noiseRate + (features.zeroCrossingRate - noiseRate) * min(1, seconds / 0.2)
        }
    }

    /// Level and zero-crossing rate of a frame.
    public static func features(of frame: [Int16]) -> FrameFeatures {
        guard !frame.isEmpty else { return FrameFeatures(level: -120, zeroCrossingRate: 0) }
        var sum = 0.0
        for sample in frame { sum += Double(sample) }
        let mean = sum / Double(frame.count)
        var energy = 0.0
        var crossings = 0
        var previousPositive = Double(frame[0]) - mean >= 0
        for sample in frame {
            let centred = Double(sample) - mean
            energy += centred * centred
            let positive = centred >= 0
            if positive != previousPositive { crossings += 1 }
            previousPositive = positive
        }
        let power = energy / Double(frame.count) / (32_768.0 * 32_768.0)
        let level = power > 1e-12 ? 10 * log10(power) : -120
        return FrameFeatures(level: level, zeroCrossingRate: Double(crossings) / Double(max(frame.count - 1, 1)))
    }
}
