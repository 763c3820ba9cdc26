import Foundation
import PluginHost
import Speech
import TestSupport
import Voice

/// Real speech for voice and server tests: the bundled skills' recogniser, one shared Flite
/// synthesiser, and caller audio as a phone line carries it.
public enum SpeechHarness {
    /// One synthesiser for every test in the process (each owns two synthesis threads).
    public static let synthesizer: FliteSynthesizer? = try? FliteSynthesizer()

    /// A recogniser with the domain model of `host`'s registered phrases (and `extraPhrases`, as
    /// `serve` adds the business profile's), and the shared synthesiser.
    public static func engines(for host: PluginHost, extraPhrases: [String] = []) throws -> VoiceEngines {
        guard let synthesizer else { throw MissingTestData(path: "flite voice cmu_us_slt") }
        let phrases = host.registry.intents.values.sorted { $0.name < $1.name }.flatMap(\.examples) + extraPhrases
        let work = try TestPaths.temporaryDirectory("voice-lm")
        let recognizer = try PocketSphinxRecognizer(
            phrases: phrases, configuration: PocketSphinxConfiguration(workDirectory: work, readyDecoders: 1)
        )
        return VoiceEngines(recognizer: recognizer, synthesizer: synthesizer)
    }

    /// `text` as the caller's phone delivers it: Flite speech, 8 kHz, through μ-law and back.
    /// The same text and voice always give the same audio.
    public static func phoneSpeech(_ text: String, voice: VoiceSettings = .natural) async throws -> [Int16] {
        guard let synthesizer else { throw MissingTestData(path: "flite voice cmu_us_slt") }
        var samples: [Int16] = []
        for try await chunk in synthesizer.synthesize(text, voice: voice) { samples += chunk.samples }
        let down = try Resampler(from: synthesizer.sampleRate, to: 8_000)
        return G711Law.muLaw.decode(G711Law.muLaw.encode(down.process(samples) + down.flush()))
    }

    /// Line silence at 8 kHz: μ-law's quietest codes, as a real line carries between words.
    public static func lineSilence(_ duration: Duration) -> [Int16] {
        let count = AudioTime.samples(duration, rate: 8_000)
        return (0..<count).map { Int16(($0 * 7) % 5) - 2 }
    }

    /// A recogniser of general English (the model's own 130k-word trigram model and the full
    /// dictionary), for the caller's side: it knows nothing of what the agent will say.
    public static let ear: PocketSphinxRecognizer? = try? PocketSphinxRecognizer.generalEnglish()

    /// Transcribes agent audio (8 kHz) the way a caller hears it, with `ear`.
    public static func transcribe(_ samples: [Int16]) throws -> String {
        guard let ear else { throw MissingTestData(path: "pocketsphinx-en-us general language model") }
        let stream = try ear.makeStream(options: RecognitionOptions(channel: .telephone))
        defer { stream.close() }
        var upsampler = try PhoneAudioUpsampler()
        _ = try stream.accept(upsampler.process(samples) + upsampler.flush() + [Int16](repeating: 0, count: 4_800))
        return try stream.finish().text
    }
}
