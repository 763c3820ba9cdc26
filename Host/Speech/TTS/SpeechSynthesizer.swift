import Core

/// Text to speech: reply text in, audio out as soon as the engine has it.
///
/// An engine splits the text into sentences and streams each one's audio in small chunks while the
/// later sentences are still waiting, so the caller hears the first words within milliseconds.
/// Cancelling the consuming task (a barge-in) stops delivery at once and stops the engine before it
/// starts another sentence.
///
/// ```swift
/// let tts = try FliteSynthesizer()
/// let settings = VoiceStyle(brand: .natural).settings(for: .calm)
/// for try await chunk in tts.synthesize("Thanks for waiting. Your balance is $42.50.", voice: settings) {
///     send(chunk.samples)          // 16 kHz Int16, a few hundred samples at a time
/// }
/// ```
public protocol SpeechSynthesizer: Sendable {
    /// The sample rate of every chunk this engine produces.
    var sampleRate: Int { get }

    /// Synthesises `text` with `voice`, yielding audio chunks in order as they are produced. Empty
    /// or blank text finishes at once with no chunks. The stream ends when the whole text is spoken,
    /// throws a ``SynthesisError`` if the engine fails, and stops early when its consumer is
    /// cancelled or drops it.
    func synthesize(_ text: String, voice: VoiceSettings) -> AsyncThrowingStream<AudioChunk, any Error>

    /// The sentences `synthesize` speaks for `text`, as written: `AudioChunk.sentence` indexes this
    /// list (what a barge-in ledger needs to tell which words were heard).
    func sentences(of text: String) -> [String]
}

extension SpeechSynthesizer {
    public func sentences(of text: String) -> [String] {
        SentenceChunker.split(text).filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    }
}

/// A piece of synthesised audio and where it belongs in the reply.
public struct AudioChunk: Sendable, Equatable {
    /// Mono 16-bit PCM samples.
    public var samples: [Int16]
    /// Samples per second.
    public var sampleRate: Int
    /// Which sentence of the reply this audio speaks, counting from 0.
    public var sentence: Int
    /// The position of the first sample within its sentence's audio.
    public var offset: Int
    /// True on the last chunk of a sentence (which may hold no samples).
    public var endsSentence: Bool

    /// A chunk of `samples` at `sampleRate`, starting `offset` samples into sentence `sentence`.
    public init(samples: [Int16], sampleRate: Int, sentence: Int, offset: Int, endsSentence: Bool) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.sentence = sentence
        self.offset = offset
        self.endsSentence = endsSentence
    }

    /// The chunk's length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}

/// A speech synthesis engine failed (not raised for cancellation, which just ends the stream).
public struct SynthesisError: Error, CustomStringConvertible, Equatable {
    private enum Kind: Equatable {
        case engineFailed(sentence: String)
        case voiceUnavailable(String)
    }

    private let kind: Kind
    private init(_ kind: Kind) { self.kind = kind }

    /// The engine returned no audio for a sentence.
    static func engineFailed(sentence: String) -> SynthesisError { SynthesisError(.engineFailed(sentence: sentence)) }
    /// The engine could not load its voice.
    static func voiceUnavailable(_ name: String) -> SynthesisError { SynthesisError(.voiceUnavailable(name)) }

    public var description: String {
        switch kind {
        case .engineFailed(let sentence): "speech synthesis failed for \"\(sentence)\""
        case .voiceUnavailable(let name): "cannot load the voice \(name)"
        }
    }
}
