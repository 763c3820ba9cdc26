import Foundation

/// What went into a domain language model, for logs and for `smartdesk transcribe`.
public struct DomainModelReport: Sendable, Hashable {
    /// Example phrases given by the caller (before normalisation).
    public var phraseCount: Int
    /// Sentences counted into the model: the phrases, the conversational core, repeats included.
    public var sentenceCount: Int
    /// Words in the language model.
    public var vocabularySize: Int
    /// 1-, 2- and 3-grams in the model.
    public var ngramCounts: [Int]
    /// Words missing from the dictionary, with the pronunciation letter-to-sound gave them.
    public var guessedPronunciations: [String: String]
    /// Words left out of the model because nothing could pronounce them.
    public var unpronounceableWords: [String]
    /// Wall-clock seconds to normalise, count, look up and write it all.
    public var buildSeconds: Double
}

/// One build of the domain model: the files in their own folder, removed when the last decoder
/// made from them is freed (running streams keep theirs across a rebuild).
final class DomainModel: Sendable {
    let directory: URL
    let languageModel: URL
    let dictionary: URL
    let featureParameters: URL
    let report: DomainModelReport
    /// The starting cepstral mean of each channel: the model's own for wideband audio, the
    /// measured phone-channel one for telephone audio.
    let cepstralMeans: [AudioChannel: [Float]]

    /// Normalises `phrases` and the conversational core, builds the trigram model, filters the
    /// dictionary to its words (letter-to-sound for the rest) and writes the three files.
    init(phrases: [String], configuration: PocketSphinxConfiguration) throws {
        let started = ContinuousClock.now
        try configuration.checkModelFiles()

        let phraseSentences = phrases.map(TranscriptNormalizer.words(in:)).filter { !$0.isEmpty }
        let coreSentences = ConversationalCore.phrases.map(TranscriptNormalizer.words(in:))
        var vocabulary = Set((phraseSentences + coreSentences).joined())
        for grammar in SlotGrammar.allCases { vocabulary.formUnion(grammar.vocabulary) }

        let pronunciations = try PronunciationDictionary(vocabulary: vocabulary, dictionaryPath: configuration.dictionary.path)
        let unpronounceable = Set(pronunciations.unpronounceable)

        var builder = LanguageModelBuilder()
        for sentence in phraseSentences {
            for fragment in sentence.split(whereSeparator: unpronounceable.contains) {
                builder.add(words: Array(fragment), count: configuration.phraseWeight)
            }
        }
        for sentence in coreSentences { builder.add(words: sentence) }
        let model = try builder.build()

        directory = configuration.workDirectory.appendingPathComponent("smartdesk-stt-\(UUID().uuidString)", isDirectory: true)
        languageModel = directory.appendingPathComponent("domain.arpa")
        dictionary = directory.appendingPathComponent("domain.dict")
        featureParameters = directory.appendingPathComponent("feat.params")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Self.write(model.arpa, to: languageModel)
            try Self.write(pronunciations.text, to: dictionary)
            let original = try String(contentsOf: configuration.acousticModel.appendingPathComponent("feat.params"), encoding: .utf8)
            try Self.write(Self.featureParameters(original, cepstralMean: configuration.cepstralMeanInit(for: configuration.channel)), to: featureParameters)
            var means: [AudioChannel: [Float]] = [:]
            for channel in AudioChannel.allCases {
                means[channel] = configuration.cepstralMeanInit(for: channel) ?? Self.cepstralMeanInit(in: original)
            }
            cepstralMeans = means
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }

        report = DomainModelReport(
            phraseCount: phrases.count,
            sentenceCount: model.sentenceCount,
            vocabularySize: model.vocabulary.count,
            ngramCounts: model.ngramCounts,
            guessedPronunciations: pronunciations.guessed,
            unpronounceableWords: pronunciations.unpronounceable,
            buildSeconds: Self.seconds(ContinuousClock.now - started)
        )
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func write(_ text: String, to url: URL) throws {
        do {
            try text.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw SpeechRecognitionError.fileWrite(path: url.path, reason: "\(error)")
        }
    }

    /// The `-cmninit` values of a `feat.params` text.
    static func cepstralMeanInit(in featureParameters: String) -> [Float]? {
        for line in featureParameters.split(separator: "\n") where line.hasPrefix("-cmninit") {
            let values = line.dropFirst("-cmninit".count).split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            return values.isEmpty ? nil : values
        }
        return nil
    }

    /// The model's `feat.params` with `-cmninit` set to `cepstralMean` (nil: unchanged). The
    /// model's own file wins over `-cmninit` given to the decoder, so the decoder gets this copy
    /// with `-featparams`.
    static func featureParameters(_ original: String, cepstralMean: [Float]?) -> String {
        guard let mean = cepstralMean else { return original }
        let value = "-cmninit " + mean.map { String(format: "%.2f", $0) }.joined(separator: ",")
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let index = lines.firstIndex(where: { $0.hasPrefix("-cmninit") }) {
            lines[index] = value
        } else {
            if lines.last == "" { lines.removeLast() }
            lines += [value, ""]
        }
        return lines.joined(separator: "\n")
    }
}
