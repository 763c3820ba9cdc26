/// How fast and how high a synthesised voice speaks, as factors of the voice's natural pace and
/// pitch. Values are checked when made, so an engine never sees an unusable setting.
///
/// ```swift
/// let slower = try VoiceSettings(rate: 0.9, pitch: 0.95)   // 10% slower, 5% lower
/// VoiceSettings.natural.durationStretch                     // 1.0
/// ```
public struct VoiceSettings: Sendable, Hashable, CustomStringConvertible {
    /// Speaking rate as a words-per-minute factor: 1 is the voice's natural pace, 1.25 a quarter
    /// faster, 0.8 a fifth slower.
    public let rate: Double
    /// Pitch as a factor of the voice's natural mean pitch (for `cmu_us_slt`, 172 Hz).
    public let pitch: Double
    /// Which of the voice's equally natural renditions to speak. Flite draws the noise of
    /// unvoiced sounds from a generator seeded by the sentence and this number, so the same text
    /// with the same settings always gives the same samples; another rendition sounds a little
    /// different. The host speaks rendition 0; tests and benchmarks vary it to hear several.
    public let rendition: UInt64

    /// The rates accepted: half to twice the natural pace.
    public static let rateRange: ClosedRange<Double> = 0.5...2.0
    /// The pitch factors accepted; beyond them the voice stops sounding human.
    public static let pitchRange: ClosedRange<Double> = 0.6...1.6

    /// The voice as its makers tuned it.
    public static let natural = VoiceSettings(checkedRate: 1, pitch: 1)

    /// Settings with `rate` in ``rateRange`` and `pitch` in ``pitchRange``; anything else (including
    /// NaN) throws a ``VoiceSettingsError`` naming the value and the range.
    public init(rate: Double = 1, pitch: Double = 1, rendition: UInt64 = 0) throws {
        guard Self.rateRange.contains(rate) else { throw VoiceSettingsError.rate(rate) }
        guard Self.pitchRange.contains(pitch) else { throw VoiceSettingsError.pitch(pitch) }
        self.init(checkedRate: rate, pitch: pitch, rendition: rendition)
    }

    /// Settings already known to be in range.
    private init(checkedRate rate: Double, pitch: Double, rendition: UInt64 = 0) {
        self.rate = rate
        self.pitch = pitch
        self.rendition = rendition
    }

    /// These settings with both factors multiplied in and the results held inside the accepted
    /// ranges (used to adjust a brand's voice for the caller's mood without ever failing).
    public func scaled(rate rateFactor: Double, pitch pitchFactor: Double) -> VoiceSettings {
        VoiceSettings(checkedRate: Self.clamp(rate * rateFactor, to: Self.rateRange),
                      pitch: Self.clamp(pitch * pitchFactor, to: Self.pitchRange), rendition: rendition)
    }

    /// How much longer than natural each sound lasts: the inverse of ``rate`` (Flite's
    /// `duration_stretch`).
    public var durationStretch: Double { 1 / rate }

    public var description: String {
        rendition == 0 ? "rate \(rate), pitch \(pitch)" : "rate \(rate), pitch \(pitch), rendition \(rendition)"
    }

    private static func clamp(_ value: Double, to range: ClosedRange<Double>) -> Double {
        guard !value.isNaN else { return 1 }
        return min(max(value, range.lowerBound), range.upperBound)
    }
}

/// A voice setting outside its accepted range.
public struct VoiceSettingsError: Error, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case rate(Double)
        case pitch(Double)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    static func rate(_ value: Double) -> VoiceSettingsError { VoiceSettingsError(.rate(value)) }
    static func pitch(_ value: Double) -> VoiceSettingsError { VoiceSettingsError(.pitch(value)) }

    public var description: String {
        switch kind {
        case .rate(let value):
            let range = VoiceSettings.rateRange
            return "rate \(value) is outside \(range.lowerBound)...\(range.upperBound) (1 is the voice's natural pace, 1.2 is 20% faster)"
        case .pitch(let value):
            let range = VoiceSettings.pitchRange
            return "pitch \(value) is outside \(range.lowerBound)...\(range.upperBound) (1 is the voice's natural pitch, 0.9 is 10% lower)"
        }
    }
}
