import Agent
import Core
import Speech

/// One live audio call: caller audio in, agent audio out, the conversation in between.
///
/// ```text
/// receive(pcm) → 20 ms frames → VAD + upsampler → CallFlow ──actions──▶ this actor performs them:
///   feed/finish ─▶ recogniser streams ─words─▶ CallFlow
///   runTurn ─▶ AgentCall (sentences as the model writes) ─▶ CallFlow
///   synthesize ─▶ TTS → resample ─chunks─▶ CallFlow ─▶ .audio + mark (events)
/// ```
///
/// The decisions (pre-roll, endpointing, barge-in, the keypad hold, turn order, framing, the
/// playback ledger, no-input reprompts) are `CallFlow`'s, on stream time; this actor only runs
/// the engines and the agent and feeds their results back. The transport feeds caller audio,
/// keypad digits and mark echoes, and acts on `events`: `.audio` (send it and a mark), `.clear`,
/// `.transfer`, `.hangUp`.
public actor VoiceCall {
    public nonisolated let events: AsyncStream<VoiceCallEvent>
    public nonisolated let agentCall: AgentCall
    public nonisolated let configuration: VoiceCallConfiguration

    private let continuation: AsyncStream<VoiceCallEvent>.Continuation
    private let agent: Agent
    private let engines: VoiceEngines
    private let channel: AudioChannel
    private let recognition: any RecognitionStream
    /// The language model hearing slot answers beside the grammar (opened at the first one).
    private var checking: (any RecognitionStream)?
    private var flow: CallFlow

    // Input: framing, detection, upsampling (before the flow).
    private var vad: any VoiceActivityDetector
    private var upsampler: PhoneAudioUpsampler?
    private var inputPending: [Int16] = []
    private var inputPosition = 0

    // Performing
    private var downsampler: Resampler?
    private var turns: [Int: Task<Void, Never>] = [:]
    private var synthesis: (job: Int, task: Task<Void, Never>)?
    private var playoutBackstop: Task<Void, Never>?
    private let clock = ContinuousClock()
    /// Wall-clock starts of turns, and their recognition times (latency metrics are real time).
    private var turnStarts: [Int: ContinuousClock.Instant] = [:]
    private var recognitionTimes: [Int: Duration] = [:]
    private var ended = false

    /// A call on `agent`, listening with a new stream of `engines.recognizer`. Throws when the
    /// recogniser or the resamplers cannot start.
    public init(
        agent: Agent, engines: VoiceEngines, configuration: VoiceCallConfiguration = .init(),
        caller: String?, callID: String? = nil, transport: String = "audio"
    ) throws {
        self.agent = agent
        self.engines = engines
        self.configuration = configuration
        self.agentCall = agent.startCall(caller: caller, callID: callID, transport: transport)
        channel = configuration.inputRate < 16_000 ? .telephone : .wideband
        recognition = try engines.recognizer.makeStream(options: RecognitionOptions(channel: channel))
        upsampler = configuration.inputRate == 16_000 ? nil : try PhoneAudioUpsampler(inputRate: configuration.inputRate)
        downsampler = engines.synthesizer.sampleRate == configuration.outputRate
            ? nil : try Resampler(from: engines.synthesizer.sampleRate, to: configuration.outputRate)
        switch configuration.detector {
        case .energy:
            vad = EnergyVAD(configuration: .init(sampleRate: configuration.inputRate, timing: configuration.vadTiming))
        case .webRTC:
            vad = try WebRTCVAD(configuration: .init(sampleRate: configuration.inputRate, noiseSuppression: .high))
        }
        let synthesizer = engines.synthesizer
        flow = CallFlow(
            configuration: configuration, wording: agent.configuration.session.wording,
            sentences: { synthesizer.sentences(of: $0) }
        )
        (events, continuation) = AsyncStream<VoiceCallEvent>.makeStream()
    }

    /// Stream time: how much caller audio has arrived.
    public var streamTime: Duration { AudioTime.duration(samples: inputPosition, rate: configuration.inputRate) }

    /// How the call listens now (the grammar, what the endpointer expects).
    public var listening: ListeningMode { flow.mode }

    /// True while agent audio is being produced or is still playing at the far end.
    public var agentAudible: Bool { flow.agentAudible }

    /// Starts the call: the call-start hooks run and the greeting is spoken.
    public func start() { apply(.start) }

    /// Speaks `text` once the turns in hand are done, then hangs up (`.hangUp`): the host's own
    /// last words, such as a callback promise when a transfer cannot be made.
    public func sayAndHangUp(_ text: String) { apply(.closing(text)) }

    /// Caller audio at `configuration.inputRate`, any length.
    public func receive(_ samples: [Int16]) {
        guard !ended else { return }
        inputPending.append(contentsOf: samples)
        let frameLength = configuration.inputFrameLength
        var offset = 0
        while inputPending.count - offset >= frameLength, !ended {
            let frame = Array(inputPending[offset..<(offset + frameLength)])
            let activity = vad.process(frame)
            inputPosition += frame.count
            let wide = upsampler?.process(frame) ?? frame
            apply(.frame(CallFlow.Frame(samples: wide, activity: activity, detected: vad.event, end: streamTime)))
            offset += frameLength
        }
        inputPending.removeFirst(min(offset, inputPending.count))
    }

    /// The caller pressed `key`. A key interrupts the agent; digits gather into one answer.
    public func receive(dtmf key: Character) { apply(.digit(key)) }

    /// The far end echoed `mark` (its audio played, or was discarded by a clear).
    public func markPlayed(_ mark: String) { apply(.markPlayed(mark)) }

    /// Ends the call (the caller hung up or the transport closed): work in flight is cancelled,
    /// the recogniser streams are returned, `events` finishes. Safe to call more than once.
    public func stop() {
        guard !ended else { return }
        apply(.hungUp)
        ended = true
        for task in turns.values { task.cancel() }
        turns = [:]
        synthesis?.task.cancel()
        synthesis = nil
        playoutBackstop?.cancel()
        checking?.close()
        recognition.close()
        continuation.finish()
        let call = agentCall
        agent.ending { await call.end(reason: "the call ended") }
    }

    // MARK: Performing

    /// Hands `event` to the flow and performs its actions; results of synchronous actions
    /// (recogniser calls) go back to the flow in order.
    private func apply(_ event: CallFlow.Event) {
        guard !ended else { return }
        var pending = [event]
        while !pending.isEmpty {
            let next = pending.removeFirst()
            for action in flow.handle(next) {
                pending.append(contentsOf: perform(action))
            }
        }
    }

    private func perform(_ action: CallFlow.Action) -> [CallFlow.Event] {
        switch action {
        case .useGrammar(let grammar):
            recognition.useGrammar(grammar)
        case .openChecking:
            do {
                checking = try engines.recognizer.makeStream(options: RecognitionOptions(channel: channel))
            } catch {
                return [.recognizerFailed(.checking, .open, "\(error)")]
            }
        case .feed(let lane, let samples):
            guard let stream = self.stream(lane) else { return [] }
            do {
                if let partial = try stream.accept(samples), lane == .main { return [.partial(partial.text)] }
            } catch {
                return [.recognizerFailed(lane, .feed, "\(error)")]
            }
        case .finish(let lane):
            guard let stream = self.stream(lane) else { return [.recognized(lane, "")] }
            do {
                return [.recognized(lane, try stream.finish().text)]
            } catch {
                return [.recognizerFailed(lane, .finish, "\(error)")]
            }
        case .runTurn(let ticket, let input):
            turns[ticket] = Task { await self.run(ticket: ticket, input) }
        case .cancelTurn(let ticket):
            turns[ticket]?.cancel()
        case .clock(let ticket, .started):
            // A turn that never speaks (an interruption, an empty reply) is never measured: only
            // the latest few stamps are kept, so a long call does not collect them.
            if turnStarts.count >= 16 {
                turnStarts = turnStarts.filter { $0.key > ticket - 16 }
                recognitionTimes = recognitionTimes.filter { $0.key > ticket - 16 }
            }
            turnStarts[ticket] = clock.now
        case .clock(let ticket, .recognized):
            if let start = turnStarts[ticket] { recognitionTimes[ticket] = clock.now - start }
        case .resetOutput:
            downsampler?.clear()
        case .synthesize(let job):
            synthesis = (job.id, Task { await self.synthesize(job) })
        case .cancelSynthesis:
            synthesis?.task.cancel()
            synthesis = nil
            downsampler?.clear()
        case .emit(let event):
            continuation.yield(event)
        case .firstAudio(let ticket, let turn, let endpointing):
            let response = turnStarts.removeValue(forKey: ticket).map { clock.now - $0 } ?? .zero
            let recognition = recognitionTimes.removeValue(forKey: ticket)
            continuation.yield(.firstAudio(TurnLatency(turn: turn, endpointing: endpointing, response: response)))
            if turn > 0 {
                let call = agentCall
                Task { await call.recordAudioTiming(turn: turn, endpointing: endpointing, recognition: recognition, response: response) }
            }
        case .recordEngineError(let engine, let message):
            let call = agentCall
            Task { await call.recordEngineError(engine, message) }
        case .recordBargeIn(let turn):
            let call = agentCall
            Task { await call.recordBargeIn(turn: turn) }
        case .awaitPlayout(let wait):
            playoutBackstop?.cancel()
            playoutBackstop = Task {
                try? await Task.sleep(for: wait)
                guard !Task.isCancelled else { return }
                self.apply(.playoutDeadline)
            }
        }
        return []
    }

    private func stream(_ lane: CallFlow.Lane) -> (any RecognitionStream)? {
        lane == .main ? recognition : checking
    }

    /// Runs a turn on the agent; an answer the model writes is handed to the flow sentence by
    /// sentence, in order, before the turn's report.
    private func run(ticket: Int, _ input: CallFlow.Input) async {
        var report: TurnReport?
        switch input {
        case .greeting:
            report = await agentCall.begin()
        case .utterance(let heard):
            let turn = await agentCall.turn + 1
            let (early, sink) = AsyncStream<(String, Bool)>.makeStream()
            let relay = Task {
                for await (text, startsReply) in early {
                    await self.apply(.sentence(ticket: ticket, turn: turn, text: text, startsReply: startsReply))
                }
            }
            report = await agentCall.handle(heard.text, speak: { sink.yield(($0, $1)) })
            sink.finish()
            await relay.value
        case .interruption(let turn, let heard):
            await agentCall.interrupted(turn: turn, heard: heard)
        case .notice(let text), .closing(let text):
            var line = TurnReport()
            line.replies = [text]
            line.state = await agentCall.state
            line.turn = await agentCall.turn
            if case .closing = input { line.ended = true }
            report = line
        }
        guard !ended, turns.removeValue(forKey: ticket) != nil else { return }
        let listening = report.map {
            ListeningMode.mode(for: $0.state, catalog: agent.catalog, grammars: configuration.slotGrammars)
        } ?? flow.mode
        apply(.turnDone(ticket: ticket, report: report, listening: listening))
    }

    /// Synthesises one job and hands its audio, resampled to the output rate, to the flow.
    private func synthesize(_ job: CallFlow.SynthesisJob) async {
        var failure: String?
        do {
            for try await chunk in engines.synthesizer.synthesize(job.text, voice: job.settings) {
                guard synthesis?.job == job.id, !Task.isCancelled, !ended else { return }
                let samples = downsampler?.process(chunk.samples) ?? chunk.samples
                apply(.synthesized(job: job.id, samples: samples, sentence: chunk.sentence, endsSentence: chunk.endsSentence))
            }
        } catch {
            failure = "\(error)"
        }
        guard synthesis?.job == job.id, !Task.isCancelled, !ended else { return }
        let tail = job.last ? (downsampler?.flush() ?? []) : []
        synthesis = nil
        apply(.synthesisEnded(job: job.id, tail: tail, failure: failure))
    }
}
