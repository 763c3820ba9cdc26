import Foundation

/// Where PocketSphinx's model lives and how its decoders are set up and pooled.
public struct PocketSphinxConfiguration: Sendable, Hashable {
    /// The acoustic model folder (`mdef`, `means`, `feat.params`, …).
    public var acousticModel: URL
    /// The full pronunciation dictionary the domain dictionary is filtered from.
    public var dictionary: URL
    /// Where the generated language model, dictionary and feature parameters are written (a fresh
    /// folder inside it per build, removed when no decoder uses it any more).
    public var workDirectory: URL
    /// The channel the decoders' feature parameters are written for; a stream of the other
    /// channel resets its cepstral mean to that channel's values when it opens.
    public var channel: AudioChannel
    /// How many times each skill example phrase is counted against the conversational core's one.
    public var phraseWeight: Int
    /// Decoders kept initialised for the next calls; taking one starts a refill in the background.
    public var readyDecoders: Int
    /// Most idle decoders kept when calls end; more are freed.
    public var maximumIdleDecoders: Int
    /// PocketSphinx options passed after the model, dictionary and feature files
    /// (`["-beam", "1e-60"]`); an option given twice takes its last value. The default,
    /// `defaultDecoderOptions`, skips the second pass.
    public var decoderOptions: [String]
    /// The starting cepstral mean of telephone audio (`-cmninit`, 13 values).
    public var telephoneCepstralMean: [Float]

    /// Debian's `pocketsphinx-en-us` model in `/usr/share/pocketsphinx/model/en-us`.
    public init(
        modelDirectory: URL = URL(fileURLWithPath: "/usr/share/pocketsphinx/model/en-us", isDirectory: true),
        workDirectory: URL = FileManager.default.temporaryDirectory,
        channel: AudioChannel = .telephone,
        phraseWeight: Int = 1,
        readyDecoders: Int = 2,
        maximumIdleDecoders: Int = 8,
        decoderOptions: [String] = Self.defaultDecoderOptions,
        telephoneCepstralMean: [Float] = Self.measuredTelephoneCepstralMean
    ) {
        self.acousticModel = modelDirectory.appendingPathComponent("en-us", isDirectory: true)
        self.dictionary = modelDirectory.appendingPathComponent("cmudict-en-us.dict")
        self.workDirectory = workDirectory
        self.channel = channel
        self.phraseWeight = phraseWeight
        self.readyDecoders = readyDecoders
        self.maximumIdleDecoders = maximumIdleDecoders
        self.decoderOptions = decoderOptions
        self.telephoneCepstralMean = telephoneCepstralMean
    }

    /// `-fwdflat no`: no second, flat-lexicon search over the whole utterance when it ends. On the
    /// phone path (speech-dev.txt, each sentence a new call) the final hypothesis then comes
    /// 3 ms (p50, 16 ms max) after the last chunk instead of 86 ms (137 ms max), and the
    /// real-time factor drops from 0.100 to 0.045, for 12.8% instead of 12.4% WER. Keep
    /// `-bestpath` (the lattice pass): without it the phone-path WER was 22.8%.
    ///
    /// `-topn 8 -ds 2`: score each frame against the 8 best Gaussians of each codebook, not 4, and
    /// compute the Gaussians on every second frame only (the search still runs on every frame).
    /// With every rendition of the test voice fixed (2026-11-26), speech-dev.txt over three
    /// renditions went from 15.1% (`-topn 4`, PocketSphinx's default) to 13.9% (`-topn 8`) to 12.5%
    /// WER, and the held-out sentences from 15.4% to 14.5% to 14.5%, while the real-time factor
    /// went from 0.047 to 0.055 to 0.040. Tried on speech-dev.txt and not kept: `-ds 3` (16.3%),
    /// `-ds 2 -topn 4` (15.7% on both sets), `-ds 2 -topn 12` (12.0%, held out no better, 0.049),
    /// `-fwdflat yes` (12.9%, but 90 ms p50 to the final hypothesis), `-lw` 7–9, `-wip`, `-pip`,
    /// `-silprob`, `-pl_window`, a wider `-beam` (within a point, up or down with the rendition),
    /// and a heavier weight for the skills' phrases (better on speech-dev.txt, no better held out).
    public static let defaultDecoderOptions = ["-fwdflat", "no", "-topn", "8", "-ds", "2"]

    /// The initial cepstral mean (`-cmninit`) for a channel; nil keeps the acoustic model's own.
    public func cepstralMeanInit(for channel: AudioChannel) -> [Float]? {
        switch channel {
        case .wideband: return nil
        case .telephone: return telephoneCepstralMean
        }
    }

    /// The mean cepstrum of phone audio as the decoder sees it. Measured with
    /// `ClosedLoopMeasurements.bandFillAndCepstralMean` (SMARTDESK_STT_MEASURE=1): Flite speech of
    /// every sixth bundled example phrase (33 utterances) → 8 kHz → G.711 μ-law → 16 kHz with the
    /// `PhoneAudioUpsampler` band fill (high band, −35 dBFS), decoded as one stream that starts
    /// from the model's own `-cmninit`; after each utterance the decoder's live CMN estimate
    /// (`cmn_live_get`, what PocketSphinx logs as "cmn_live_update") was read, and these are the
    /// averages over the second half. With every sentence of speech-dev.txt and the held-out set
    /// decoded as a new call, phone-path WER was 35.4% with the model's `-cmninit`
    /// (41.00, -5.29, …) and 14.2% with these. Flite speaks loudly (c0 ≈ 59); the live estimate
    /// adapts to a caller's level within the call.
    public static let measuredTelephoneCepstralMean: [Float] = [
        59.10, -9.03, 27.43, -2.99, 4.44, 5.59, -7.09, 11.11, -2.34, 5.26, 5.68, 0.39, 8.67,
    ]

    func checkModelFiles() throws {
        for file in ["mdef", "means", "variances", "transition_matrices", "feat.params"] {
            let path = acousticModel.appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else { throw SpeechRecognitionError.modelMissing(path: path) }
        }
        guard FileManager.default.fileExists(atPath: dictionary.path) else {
            throw SpeechRecognitionError.modelMissing(path: dictionary.path)
        }
    }
}
