/// A speech-to-text engine that opens one streaming session per call.
///
/// ```swift
/// let recognizer = try PocketSphinxRecognizer(phrases: registry.intents.values.flatMap(\.examples))
/// let stream = try recognizer.makeStream()
/// defer { stream.close() }
/// for chunk in audio16kHz {
///     if let partial = try stream.accept(chunk) { print("…", partial.text) }
/// }
/// print(try stream.finish().text)
/// ```
public protocol SpeechRecognizer: Sendable {
    /// Opens a session. It owns its decoder until `close()`; sessions never share one.
    func makeStream(options: RecognitionOptions) throws -> any RecognitionStream
}

extension SpeechRecognizer {
    /// Opens a session for phone audio (upsampled to 16 kHz) decoded with the language model.
    public func makeStream() throws -> any RecognitionStream {
        try makeStream(options: RecognitionOptions())
    }
}

/// One recognition session (one call): any number of utterances, one after the other.
///
/// Audio goes in as 16 kHz mono PCM chunks of any size; the first `accept` after `finish()` (or
/// after the stream opened) starts a new utterance. A stream is used by one task at a time; its
/// methods are safe to call from any thread.
public protocol RecognitionStream: AnyObject, Sendable {
    /// Feeds 16 kHz mono 16-bit samples. Returns a partial hypothesis when its words changed.
    func accept(_ samples: [Int16]) throws -> Hypothesis?

    /// Ends the current utterance and returns its final hypothesis (empty text when nothing was
    /// recognised or no audio came). The stream stays open for the next utterance.
    func finish() throws -> Hypothesis

    /// Decodes the utterances that follow with a slot grammar (`nil`: the language model again).
    /// Called during an utterance, the change applies from the next one.
    func useGrammar(_ grammar: SlotGrammar?)

    /// Gives the decoder back to its recognizer; later calls throw `SpeechRecognitionError.streamClosed`.
    /// Closing twice does nothing.
    func close()
}

extension RecognitionStream {
    /// Decodes the utterances that follow with the language model (the default).
    public func useLanguageModel() { useGrammar(nil) }
}

/// Per-session choices.
public struct RecognitionOptions: Sendable, Hashable {
    /// Where the audio came from; it picks the starting point of cepstral mean normalisation.
    public var channel: AudioChannel
    /// A slot grammar for the first utterances instead of the language model.
    public var grammar: SlotGrammar?

    public init(channel: AudioChannel = .telephone, grammar: SlotGrammar? = nil) {
        self.channel = channel
        self.grammar = grammar
    }
}

/// The kind of line the 16 kHz audio came through.
public enum AudioChannel: String, Sendable, Hashable, CaseIterable {
    /// 8 kHz phone audio (G.711) upsampled to 16 kHz with the empty 4–8 kHz band filled.
    case telephone
    /// Audio recorded at 16 kHz or more (a microphone, a wideband codec, TTS output).
    case wideband
}
