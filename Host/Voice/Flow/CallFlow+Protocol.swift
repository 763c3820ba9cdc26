import Agent
import Core
import Speech

extension CallFlow {
    /// The call's two recogniser streams: the main one, and the language model that hears a slot
    /// answer beside the grammar (`VoiceCallConfiguration.checksSlotAnswers`).
    public enum Lane: String, Sendable, Equatable {
        case main, checking
    }

    /// Which recogniser call failed.
    public enum RecognizerStep: String, Sendable, Equatable {
        case open, feed, finish
    }

    /// What a turn is about. The performer runs it on the agent and answers with
    /// ``Event/turnDone(ticket:report:listening:)``.
    public enum Input: Sendable, Equatable {
        /// The call-start hooks and the greeting.
        case greeting
        /// The caller's words (spoken or keyed): the agent handles them, speaking an answer the
        /// model writes sentence by sentence (``Event/sentence(ticket:turn:text:startsReply:)``).
        case utterance(CallerUtterance)
        /// The caller talked over `turn`'s replies and heard `heard` of them (memory keeps that);
        /// no reply.
        case interruption(turn: Int, heard: [String])
        /// The host's own line, the call going on (a failure, a no-input reprompt).
        case notice(String)
        /// The host's last words; the call hangs up once they have played.
        case closing(String)
    }

    /// One frame of caller audio after the voice activity detector, stamped with stream time.
    public struct Frame: Sendable {
        /// The frame at 16 kHz, for the recogniser.
        public var samples: [Int16]
        /// The detector's activity after this frame.
        public var activity: VoiceActivity
        /// The edge of speech this frame confirmed, if any.
        public var detected: VoiceActivityEvent?
        /// Stream time at the end of the frame: caller audio received so far.
        public var end: Duration

        public init(samples: [Int16], activity: VoiceActivity, detected: VoiceActivityEvent? = nil, end: Duration) {
            self.samples = samples
            self.activity = activity
            self.detected = detected
            self.end = end
        }
    }

    /// One reply (or one sentence of a streamed answer) to synthesise. Its chunks come back as
    /// ``Event/synthesized(job:samples:sentence:endsSentence:)`` at the output rate, numbered from
    /// 0 within the text, then ``Event/synthesisEnded(job:tail:failure:)``.
    public struct SynthesisJob: Sendable, Equatable {
        public var id: Int
        public var text: String
        public var settings: VoiceSettings
        /// The response's number for the text's first sentence.
        public var firstSentence: Int
        /// Sentences in the text (as the ledger counts them).
        public var sentenceCount: Int
        /// Every whole frame goes out at once (a fallback line), not in full chunks.
        public var eager: Bool
        /// The last text of a synthesis run: the resampler is flushed (its tail in
        /// `synthesisEnded`) and the audio padded to a whole frame.
        public var last: Bool
    }

    /// Wall-clock points of a turn the performer stamps (latency metrics are about real time).
    public enum ClockPoint: String, Sendable, Equatable {
        /// The turn's clock starts: the endpoint decision, a key answer, the greeting.
        case started
        /// The recogniser's final words are in.
        case recognized
    }

    /// What happens to a call, in order.
    public enum Event: Sendable {
        /// The call is connected: the greeting is due.
        case start
        /// Caller audio.
        case frame(Frame)
        /// The caller pressed a key (at the current stream time).
        case digit(Character)
        /// The far end echoed a mark.
        case markPlayed(String)
        /// The main recogniser's partial words after a feed.
        case partial(String)
        /// A lane's final words after ``Action/finish(_:)``.
        case recognized(Lane, String)
        /// A recogniser call failed (a failed finish counts as no words).
        case recognizerFailed(Lane, RecognizerStep, String)
        /// The agent finished `ticket`'s turn (`report`: nil for an interruption), and how the call
        /// listens now.
        case turnDone(ticket: Int, report: TurnReport?, listening: ListeningMode)
        /// A sentence of an answer the model is still writing, for turn `turn` (spoken at once).
        case sentence(ticket: Int, turn: Int, text: String, startsReply: Bool)
        /// Synthesised audio of `job`, at the output rate; `sentence` counts from 0 within the job.
        case synthesized(job: Int, samples: [Int16], sentence: Int, endsSentence: Bool)
        /// `job` is done (`failure`: why it stopped early); `tail`: the resampler's last samples.
        case synthesisEnded(job: Int, tail: [Int16], failure: String?)
        /// Say `text` once the turns in hand are done, then hang up.
        case closing(String)
        /// The wall-clock backstop of ``Action/awaitPlayout(_:)`` fired (no caller audio moved
        /// stream time, no marks came back).
        case playoutDeadline
        /// The caller hung up or the transport closed.
        case hungUp
    }

    /// What the performer does, in order.
    public enum Action: Sendable {
        /// The main lane decodes the next audio with `grammar` (`nil`: the language model).
        case useGrammar(SlotGrammar?)
        /// Open the checking lane (a second stream on the language model); a failure comes back
        /// as `recognizerFailed(.checking, .open, …)`.
        case openChecking
        /// Feed audio (16 kHz) to a lane; the main lane's partial comes back as `partial`.
        case feed(Lane, [Int16])
        /// Finish a lane's utterance; its words come back as `recognized`.
        case finish(Lane)
        /// Run a turn on the agent.
        case runTurn(ticket: Int, Input)
        /// Cancel a running turn (its streamed answer was talked over); its `turnDone` is ignored.
        case cancelTurn(ticket: Int)
        /// Stamp the wall clock for a turn.
        case clock(ticket: Int, ClockPoint)
        /// A new response starts: forget the output resampler's state.
        case resetOutput
        /// Synthesise a job.
        case synthesize(SynthesisJob)
        /// Stop synthesising and forget the output resampler's state (a barge-in, the end).
        case cancelSynthesis
        /// Hand an event to the transport and observers (`.audio`, `.clear`, `.transfer`,
        /// `.hangUp` are for the transport).
        case emit(VoiceCallEvent)
        /// A turn's first audio went out: the performer measures and reports its latency.
        case firstAudio(ticket: Int, turn: Int, endpointing: Duration)
        /// A speech engine failed (counted and logged with the call id).
        case recordEngineError(engine: String, message: String)
        /// The caller barged in on `turn`.
        case recordBargeIn(turn: Int)
        /// The call waits for its last words to play: if no caller audio moves stream time, send
        /// `playoutDeadline` after this much wall time.
        case awaitPlayout(Duration)
    }
}
