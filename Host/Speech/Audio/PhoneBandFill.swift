import Foundation

/// Fills the empty band of phone audio upsampled to 16 kHz with quiet, deterministic noise.
///
/// Telephone audio carries nothing above ~3.6 kHz; upsampled to 16 kHz its 4–8 kHz band is
/// (nearly) silent, the recogniser's upper mel filters read the log of almost zero, and the
/// features leave the acoustic model's range. Low-level noise there (about −50 to −40 dBFS;
/// ENGINES-NOTES) brings them back. The noise is seeded: the same seed and input give the same
/// output however the stream is split into chunks.
///
/// ```swift
/// var fill = PhoneBandFill(level: -50, spectrum: .highBand, seed: 7)
/// let features = fill.filled(up.process(lineFrame))   // after 8 → 16 kHz
/// ```
public struct PhoneBandFill: Sendable {
    /// The shape of the added noise.
    public enum Spectrum: String, Sendable {
        /// Flat from 0 Hz to the Nyquist frequency (what ENGINES-NOTES measured).
        case white
        /// Above ``PhoneBandFill/bandEdge`` only: the speech band is left untouched.
        case highBand
    }

    /// The noise's RMS level in dB relative to full scale (−50 ≈ amplitude 0.003).
    public var level: Double
    /// The shape of the noise.
    public let spectrum: Spectrum
    /// The sample rate of the audio it is added to.
    public let sampleRate: Int
    /// The seed the noise starts from; ``reset()`` starts it over.
    public let seed: UInt64

    /// Where the high band starts, in Hz.
    public static let bandEdge = 4_000.0

    private var random: AudioNoiseGenerator
    /// The last `taps.count` white-noise values for the high-pass filter, a ring whose newest
    /// value sits at `newest`.
    private var history: [Double]
    private var newest = 0
    private let taps: [Double]
    /// RMS of the filter's output for unit-variance input.
    private let gain: Double

    /// A filler for audio at `sampleRate` Hz adding noise at `level` dBFS RMS.
    public init(sampleRate: Int = 16_000, level: Double = -50, spectrum: Spectrum = .white, seed: UInt64 = 0x5D_5D) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.sampleRate = sampleRate
        self.level = level
        self.spectrum = spectrum
        self.seed = seed
        self.random = AudioNoiseGenerator(seed: seed)
        switch spectrum {
        case .white:
            taps = [1]
        case .highBand:
            taps = Self.highPass(cutoff: min(Self.bandEdge / Double(sampleRate), 0.45), length: 63)
        }
        gain = taps.reduce(0) { $0 + $1 * $1 }.squareRoot()
        history = Array(repeating: 0, count: taps.count)
    }

    /// Adds the noise to `samples` in place (rounded, clipped to 16 bits).
    public mutating func apply(to samples: inout [Int16]) {
        let scale = 32_768 * Self.amplitude(dBFS: level) / gain
        for i in samples.indices {
            let noise = nextNoise() * scale
            samples[i] = Int16(clamping: Int((Double(samples[i]) + noise).rounded()))
        }
    }

    /// `samples` with the noise added.
    public mutating func filled(_ samples: [Int16]) -> [Int16] {
        var copy = samples
        apply(to: &copy)
        return copy
    }

    /// Starts the noise over from ``seed`` (a new call).
    public mutating func reset() {
        random = AudioNoiseGenerator(seed: seed)
        history = Array(repeating: 0, count: taps.count)
        newest = 0
    }

    /// The linear amplitude of `dBFS` (1 = full scale).
    public static func amplitude(dBFS: Double) -> Double {
        pow(10, dBFS / 20)
    }

    // MARK: Noise

    /// One sample of unit-variance noise of the chosen spectrum.
    private mutating func nextNoise() -> Double {
        let white = random.nextGaussian()
        guard taps.count > 1 else { return white }
        let count = history.count
        newest = newest + 1 == count ? 0 : newest + 1
        history[newest] = white
        var sum = 0.0
        var index = newest
        for tap in taps {
            sum += tap * history[index]
            index = index == 0 ? count - 1 : index - 1
        }
        return sum
    }

    /// A windowed-sinc (Blackman) high-pass filter with its −6 dB point at `cutoff` (a fraction of
    /// the sample rate), made by spectral inversion of the matching low-pass.
    static func highPass(cutoff: Double, length: Int) -> [Double] {
        let middle = (length - 1) / 2
        var taps = (0..<length).map { n -> Double in
            let x = Double(n - middle)
            let sinc = x == 0 ? 2 * cutoff : sin(2 * .pi * cutoff * x) / (.pi * x)
            let phase = 2 * .pi * Double(n) / Double(length - 1)
            return sinc * (0.42 - 0.5 * cos(phase) + 0.08 * cos(2 * phase))
        }
        let dc = taps.reduce(0, +)
        for n in taps.indices { taps[n] = -taps[n] / dc }
        taps[middle] += 1
        return taps
    }

}

/// A small, fast, seedable generator (AudioNoiseGenerator): deterministic noise for audio, not for secrets.
struct AudioNoiseGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal value (Box–Muller, both halves used).
    mutating func nextGaussian() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let u1 = max(nextUnit(), 0x1p-53)
        let u2 = nextUnit()
        let radius = (-2 * log(u1)).squareRoot()
        spare = radius * sin(2 * .pi * u2)
        return radius * cos(2 * .pi * u2)
    }
}
