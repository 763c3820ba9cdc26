/// Phone audio as the recognizer wants it: 8 kHz (decoded G.711) upsampled to 16 kHz with the
/// empty 4–8 kHz band filled with quiet noise at the level tuned for PocketSphinx's en-us model.
///
/// ```swift
/// let upsampler = try PhoneAudioUpsampler()
/// let stream = try recognizer.makeStream(options: RecognitionOptions(channel: .telephone))
/// _ = try stream.accept(upsampler.process(G711Law.muLaw.decode(payload)))
/// ```
///
/// One per call direction: it keeps the resampler's filter memory and the noise generator.
public struct PhoneAudioUpsampler: Sendable {
    /// The band-fill level in dBFS RMS. Tuned with `ClosedLoopMeasurements.bandFillAndCepstralMean`
    /// (SMARTDESK_STT_MEASURE=1): Flite speech of speech-dev.txt and of 30 held-out sentences, three
    /// renditions each (1,398 words) → 8 kHz μ-law → 16 kHz with each fill, every sentence decoded
    /// as a new call with the bundled skills' domain model and the `-cmninit` measured for that
    /// fill. Word error rates: no fill 17.0%; white noise −60/−55/−50/−45 dBFS
    /// 13.7/14.1/15.5/19.8%; high band only −45/−40/−35/−30 dBFS 14.4/14.2/14.2/15.4%. On 23 short
    /// commands the high band did better (6.8% at −45…−35 dBFS against 9–15% for white noise). The
    /// high band at −35 dBFS sits in the middle of a broad optimum (real lines vary in level) and
    /// leaves the speech band untouched.
    public static let bandFillLevel = -35.0
    /// The spectrum of the fill: noise above 4 kHz only.
    public static let bandFillSpectrum = PhoneBandFill.Spectrum.highBand

    private let resampler: Resampler
    private var fill: PhoneBandFill

    /// An upsampler from `inputRate` (8 kHz for G.711) to 16 kHz, filling at `level` dBFS.
    public init(inputRate: Int = 8000, level: Double = Self.bandFillLevel, spectrum: PhoneBandFill.Spectrum = Self.bandFillSpectrum) throws {
        resampler = try Resampler(from: inputRate, to: 16_000)
        fill = PhoneBandFill(sampleRate: 16_000, level: level, spectrum: spectrum)
    }

    /// The 16 kHz samples for the next chunk of phone audio.
    public mutating func process(_ samples: [Int16]) -> [Int16] {
        fill.filled(resampler.process(samples))
    }

    /// The samples still held in the resampler's filter, filled; ready for a new stream after.
    public mutating func flush() -> [Int16] {
        let tail = fill.filled(resampler.flush())
        fill.reset()
        return tail
    }
}
