import Speech

/// The engines a host shares between its calls: one recogniser (each call opens its own stream
/// on it) and one synthesiser.
public struct VoiceEngines: Sendable {
    public let recognizer: any SpeechRecognizer
    public let synthesizer: any SpeechSynthesizer

    public init(recognizer: any SpeechRecognizer, synthesizer: any SpeechSynthesizer) {
        self.recognizer = recognizer
        self.synthesizer = synthesizer
    }
}

/// Tunables of a live audio call.
public struct VoiceCallConfiguration: Sendable {
    /// Sample rate of the caller's audio: 8 000 for a phone line (decoded G.711), 16 000 for the
    /// local audio socket.
    public var inputRate: Int
    /// Sample rate of the agent's audio handed to the transport.
    public var outputRate: Int
    /// One frame of audio (VAD decisions and outbound framing): 20 ms.
    public var frameDuration: Duration
    /// Outbound chunks hold at most this many frames, each chunk followed by a mark (5: 100 ms).
    public var framesPerChunk: Int
    /// Caller speech this long while the agent is audible interrupts it; shorter ("uh-huh",
    /// "okay") is a backchannel and is ignored.
    public var bargeIn: Duration
    /// Audio kept from before speech was confirmed, so the recogniser hears the first sound.
    public var preRoll: Duration
    /// When a turn is over.
    public var endpointing: Endpointer.Configuration
    /// How long voice must last to be speech, and silence to end it.
    public var vadTiming: VoiceActivityTiming
    /// Which detector finds the caller's speech: the energy detector (default), or WebRTC's,
    /// behind its noise suppression, for very noisy lines (BENCHMARKS.md compares them).
    public var detector: SpeechDetector = .energy
    /// Decode the answer to a yes/no, digits, date or time question with that slot's grammar.
    public var slotGrammars: Bool
    /// While a grammar listens, let the language model hear the same answer on a second stream,
    /// so that an answer of another kind is not forced into the grammar's words
    /// (`SlotGrammar.choose`). It costs a second decoder per call (about 9 MB) and the language
    /// model's CPU during slot answers (BENCHMARKS.md has the figures at 30 calls).
    public var checksSlotAnswers: Bool
    /// A pause this long after the last keypad digit ends a keyed answer.
    public var keypadPause: Duration
    /// The brand's voice, adjusted per reply for the caller's mood.
    public var voice: VoiceStyle
    /// An utterance is cut off after this long (a caller who never pauses, a stuck line).
    public var maximumUtterance: Duration
    /// How long past the expected end of playback to wait for marks that may never come.
    public var playoutSlack: Duration
    /// Silence this long after the agent has finished (nothing said, no key pressed) is a
    /// no-input: the last question is repeated, then "are you still there?", then the call ends
    /// with a goodbye (`nil`: wait for ever). Rasa's default is 7 s (DIALOGUE-NOTES.md).
    public var noInputTimeout: Duration? = .seconds(8)
    /// Reprompts before the goodbye (at most 2: the question, then "still there?").
    public var noInputReprompts = 2

    public init(
        inputRate: Int = 8_000, outputRate: Int = 8_000, frameDuration: Duration = .milliseconds(20),
        framesPerChunk: Int = 5, bargeIn: Duration = .milliseconds(200), preRoll: Duration = .milliseconds(300),
        endpointing: Endpointer.Configuration = .init(), vadTiming: VoiceActivityTiming = .init(),
        slotGrammars: Bool = true, checksSlotAnswers: Bool = true, keypadPause: Duration = .seconds(2), voice: VoiceStyle = VoiceStyle(),
        maximumUtterance: Duration = .seconds(20), playoutSlack: Duration = .seconds(1)
    ) {
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.frameDuration = frameDuration
        self.framesPerChunk = framesPerChunk
        self.bargeIn = bargeIn
        self.preRoll = preRoll
        self.endpointing = endpointing
        self.vadTiming = vadTiming
        self.slotGrammars = slotGrammars
        self.checksSlotAnswers = checksSlotAnswers
        self.keypadPause = keypadPause
        self.voice = voice
        self.maximumUtterance = maximumUtterance
        self.playoutSlack = playoutSlack
    }

    /// Samples in one input frame.
    var inputFrameLength: Int { AudioTime.samples(frameDuration, rate: inputRate) }
    /// Samples in one output frame.
    var outputFrameLength: Int { AudioTime.samples(frameDuration, rate: outputRate) }
}

/// The voice activity detectors a call can use (`[server] vad`).
public enum SpeechDetector: String, Sendable, CaseIterable {
    /// Energy and zero-crossing rate: about 1 µs a frame, no false alarms on noise in our tests.
    case energy
    /// WebRTC's noise suppression and VAD: about 14 µs a frame, steadier at 5 dB SNR.
    case webRTC = "webrtc"
}
