import ArgumentParser
import Core
import Foundation
import Speech

/// `smartdesk say "text" -o out.wav`: speaks text with the Flite voice into a WAV file, as the agent
/// would on a call, and reports on standard error how long the audio is, how soon its first chunk
/// came and the real-time factor.
struct SayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Synthesise text to a WAV file with the built-in voice (Flite cmu_us_slt).",
        discussion: """
        Text is split into sentences and rewritten for speech (money, phone numbers, codes, times) \
        as on a call. pcm16 writes Flite's 16 kHz 16-bit PCM; mulaw8k writes what a caller hears: \
        8 kHz G.711 μ-law.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case pcm16
        case mulaw8k
    }

    @Argument(help: "The text to speak.")
    var text: String

    @Option(name: [.short, .customLong("output")], help: "The WAV file to write.")
    var output: String

    @Option(help: "Speaking rate: 1 is the voice's natural pace, 1.2 is 20% faster (0.5 to 2).")
    var rate: Double = 1

    @Option(help: "Pitch: 1 is the voice's natural pitch (172 Hz), 0.9 is 10% lower (0.6 to 1.6).")
    var pitch: Double = 1

    @Option(help: "Adjust the rate and pitch for a caller's mood: neutral, calm or brisk.")
    var style: String = SpeakingStyle.neutral.rawValue

    @Option(help: "pcm16 (16 kHz 16-bit PCM) or mulaw8k (8 kHz G.711 μ-law, as on the phone line).")
    var format: Format = .pcm16

    func validate() throws {
        if text.allSatisfy(\.isWhitespace) { throw ValidationError("give some text to speak") }
        if SpeakingStyle(rawValue: style) == nil {
            throw ValidationError("--style must be one of \(SpeakingStyle.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let settings: VoiceSettings
        let synthesizer: FliteSynthesizer
        let downsampler: Resampler?
        do {
            let brand = try VoiceSettings(rate: rate, pitch: pitch)
            settings = VoiceStyle(brand: brand).settings(for: SpeakingStyle(rawValue: style) ?? .neutral)
            // One reply, one thread; no warm-up, so the figures below include a cold start.
            synthesizer = try FliteSynthesizer(configuration: .init(threads: 1, warmsUp: false))
            downsampler = format == .mulaw8k ? try Resampler(from: synthesizer.sampleRate, to: 8000) : nil
        } catch {
            throw CLIError.exit(error)
        }

        let start = ContinuousClock.now
        var firstChunk: Duration?
        var samples: [Int16] = []
        var sentences = 0
        do {
            for try await chunk in synthesizer.synthesize(text, voice: settings) {
                if firstChunk == nil { firstChunk = .now - start }
                samples += downsampler?.process(chunk.samples) ?? chunk.samples
                sentences = chunk.sentence + 1
            }
        } catch {
            throw CLIError.exit(error)
        }
        let elapsed = ContinuousClock.now - start
        if let downsampler { samples += downsampler.flush() }

        let sampleRate = downsampler?.outputRate ?? synthesizer.sampleRate
        let url = URL(fileURLWithPath: output)
        do {
            try WAVFile(sampleRate: sampleRate, samples: samples).write(to: url, as: format == .mulaw8k ? .muLaw : .pcm16)
        } catch {
            throw CLIError.exit(error)
        }

        let seconds = Double(samples.count) / Double(sampleRate)
        let encoding = format == .mulaw8k ? "8 kHz μ-law" : "\(sampleRate / 1000) kHz 16-bit PCM"
        let milliseconds = Self.milliseconds(elapsed)
        let realTimeFactor = seconds > 0 ? milliseconds / 1000 / seconds : 0
        let report = "\(output): \(Self.fixed(seconds, 2)) s of audio (\(encoding)), \(sentences) sentence\(sentences == 1 ? "" : "s"), "
            + "\(settings); first chunk after \(Self.fixed(Self.milliseconds(firstChunk ?? .zero), 1)) ms, "
            + "synthesised in \(Self.fixed(milliseconds, 1)) ms, real-time factor \(Self.fixed(realTimeFactor, 3))\n"
        FileHandle.standardError.write(Data(report.utf8))
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
