import ArgumentParser
import Foundation
import PluginHost
import Speech

/// `smartdesk transcribe FILE.wav`: the transcript of a recording as the phone agent would hear
/// it, with the bundled skills' domain language model. The transcript is the first line of
/// standard output; timings and the words with their times follow.
struct TranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe a mono WAV file (8 or 16 kHz, 16-bit PCM or μ-law) with PocketSphinx.",
        discussion: """
            8 kHz audio is treated as a phone call: upsampled to 16 kHz with the empty 4–8 kHz band \
            filled, and decoded with the phone channel's starting cepstral mean. The language model \
            is built from the bundled plugins' example phrases plus a conversational core.
            """
    )

    @Argument(help: "The WAV file.")
    var file: String

    @Option(help: "Decode with a slot grammar instead of the language model: yes-no, digits, date or time.")
    var grammar: SlotGrammar?

    @Option(name: .customLong("phrases"), help: "A file of more example phrases for the language model, one per line.")
    var phrasesFile: String?

    @Option(name: .customLong("model-dir"), help: "PocketSphinx's English model folder (default: Debian's pocketsphinx-en-us).")
    var modelDirectory: String?

    @Option(name: .customLong("chunk-ms"), help: "Feed the audio in chunks of this many milliseconds, as a call would.")
    var chunkMilliseconds = 20

    func validate() throws {
        if chunkMilliseconds < 1 { throw ValidationError("--chunk-ms must be at least 1") }
    }

    func run() async throws {
        do {
            try await transcribe()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw CLIError.exit(error)
        }
    }

    private func transcribe() async throws {
        let clock = ContinuousClock()
        let wav = try WAVFile(contentsOf: URL(fileURLWithPath: file))
        let (audio, channel, path) = try Self.sixteenKilohertz(wav)

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("smartdesk-transcribe-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }

        var phrases = await Self.bundledPhrases(dataDirectory: work.appendingPathComponent("plugins", isDirectory: true))
        if phrases.isEmpty { HostOptions.warn("no bundled plugins loaded: the language model holds only the conversational core") }
        if let phrasesFile {
            guard let text = try? String(contentsOfFile: phrasesFile, encoding: .utf8) else { throw CLIError("cannot read \(phrasesFile)") }
            phrases += text.split(whereSeparator: \.isNewline).map(String.init)
        }
        var configuration = modelDirectory.map { PocketSphinxConfiguration(modelDirectory: URL(fileURLWithPath: $0, isDirectory: true)) }
            ?? PocketSphinxConfiguration()
        configuration.workDirectory = work
        configuration.channel = channel
        configuration.readyDecoders = 0
        let recognizer = try PocketSphinxRecognizer(phrases: phrases, configuration: configuration)

        let opening = clock.now
        let stream = try recognizer.makeStream(options: RecognitionOptions(channel: channel, grammar: grammar))
        defer { stream.close() }
        let opened = clock.now - opening

        let chunk = max(1, 16 * chunkMilliseconds)
        var decoding = Duration.zero
        var index = 0
        while index < audio.count {
            let piece = Array(audio[index..<min(index + chunk, audio.count)])
            let started = clock.now
            _ = try stream.accept(piece)
            decoding += clock.now - started
            index += chunk
        }
        let finishing = clock.now
        let final = try stream.finish()
        let finalLatency = clock.now - finishing
        decoding += finalLatency

        let seconds = Double(audio.count) / 16_000
        let report = recognizer.report
        var out = final.text + "\n"
        out += "audio: \(String(format: "%.2f", seconds)) s, \(path)\n"
        out += "language model: \(report.phraseCount) phrases + conversational core → \(report.vocabularySize) words, "
            + "\(report.ngramCounts[1]) bigrams, \(report.ngramCounts[2]) trigrams, built in \(ChatCommand.ms(.seconds(report.buildSeconds)))\n"
        if !report.guessedPronunciations.isEmpty {
            out += "letter-to-sound: " + report.guessedPronunciations.sorted { $0.key < $1.key }.map { "\($0.key) [\($0.value)]" }.joined(separator: ", ") + "\n"
        }
        if !report.unpronounceableWords.isEmpty { out += "left out (no pronunciation): \(report.unpronounceableWords.joined(separator: ", "))\n" }
        if let grammar { out += "search: \(grammar.rawValue) slot grammar\n" }
        out += "decoder: created in \(ChatCommand.ms(opened))\n"
        out += "decode: \(ChatCommand.ms(decoding)) for \(String(format: "%.2f", seconds)) s of audio in \(chunkMilliseconds) ms chunks "
            + "(real-time factor \(String(format: "%.3f", decoding.secondsValue / max(seconds, 1e-9)))); "
            + "final hypothesis \(ChatCommand.ms(finalLatency)) after the last chunk\n"
        if !final.words.isEmpty {
            out += "words:\n" + final.words.map { String(format: "  %6.2f–%6.2f s  ", $0.start, $0.end) + $0.word }.joined(separator: "\n") + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// The file's audio at 16 kHz: 8 kHz (or lower) is a phone line, upsampled with the band
    /// fill; 16 kHz is used as it is; other rates are resampled as wideband audio.
    static func sixteenKilohertz(_ wav: WAVFile) throws -> (samples: [Int16], channel: AudioChannel, description: String) {
        let encoding = wav.encoding == .muLaw ? "μ-law" : "16-bit PCM"
        switch wav.sampleRate {
        case 16_000:
            return (wav.samples, .wideband, "16000 Hz \(encoding)")
        case ...8000:
            var upsampler = try PhoneAudioUpsampler(inputRate: wav.sampleRate)
            let samples = upsampler.process(wav.samples) + upsampler.flush()
            let fill = String(format: "%.0f dBFS", PhoneAudioUpsampler.bandFillLevel)
            return (samples, .telephone, "\(wav.sampleRate) Hz \(encoding), phone path: upsampled to 16 kHz, band fill \(fill) (\(PhoneAudioUpsampler.bandFillSpectrum))")
        default:
            let resampler = try Resampler(from: wav.sampleRate, to: 16_000)
            return (resampler.process(wav.samples) + resampler.flush(), .wideband, "\(wav.sampleRate) Hz \(encoding), resampled to 16 kHz")
        }
    }

    /// Every example phrase the bundled plugins register (loaded into a quiet host whose plugins
    /// keep their data in `dataDirectory`, then shut down).
    static func bundledPhrases(dataDirectory: URL) async -> [String] {
        var configuration = PluginHostConfiguration()
        configuration.dataDirectory = dataDirectory
        configuration.log = { _ in }
        let host = PluginHost(configuration: configuration)
        let results = host.loadAll(in: HostOptions.executableDirectory, only: Set(HostOptions.bundledPlugins))
        for result in results {
            if case .failure(let error) = result.result { HostOptions.warn("\(error)") }
        }
        let phrases = host.registry.intents.values.flatMap(\.examples)
        await host.shutdown()
        return phrases
    }
}

extension SlotGrammar: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "yes-no", "yesno", "yes/no": self = .yesNo
        case "digits": self = .digits
        case "date": self = .date
        case "time": self = .time
        default: return nil
        }
    }

    public static var allValueStrings: [String] { ["yes-no", "digits", "date", "time"] }
}

extension Duration {
    fileprivate var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
