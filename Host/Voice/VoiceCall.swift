import Agent
import Core
import Speech

/// One live audio call: caller audio in, agent audio out, the conversation in between.
///
/// ```text
/// receive(pcm) → VAD → (pre-roll) → STT ──partials──▶ Endpointer ──end of turn──▶ AgentCall.handle
///                  └── speech over the agent ≥ bargeIn ──▶ clear + memory keeps what was heard
/// AgentCall reply → TTS (sentence by sentence) → resample → 20 ms frames → .audio + mark
/// ```
///
/// The transport feeds caller audio, keypad digits and mark echoes, and acts on `events`:
/// `.audio` (send it and a mark), `.clear`, `.transfer`, `.hangUp`. Timers run on stream time
/// (the caller's audio keeps arriving, silence included), so the same audio gives the same turns.
///
/// Turns are taken one at a time, in order. While the session awaits a slot, the recogniser
/// decodes with that slot's grammar while the language model decodes the same audio beside it
/// (its words are taken when the grammar hears nothing or the answer is of another kind: see
/// `SlotGrammar.choose`), and the endpointer waits longer for digits and addresses.
public actor VoiceCall {
    public nonisolated let events: AsyncStream<VoiceCallEvent>
    public nonisolated let agentCall: AgentCall
    public nonisolated let configuration: VoiceCallConfiguration

    private let continuation: AsyncStream<VoiceCallEvent>.Continuation
    private let agent: Agent
    private let engines: VoiceEngines
    private let recognition: any RecognitionStream
    private let channel: AudioChannel
    /// A second stream, on the language model, that hears slot answers beside the grammar so that
    /// an answer of another kind is not forced into the grammar's words. Opened at the first slot
    /// answer and kept for the call (opening and freeing one per answer churns the decoder pool
    /// when many calls answer at once).
    private var checking: (any RecognitionStream)?
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    // Listening
    private var vad: any VoiceActivityDetector
    private var upsampler: PhoneAudioUpsampler?
    private var inputPending: [Int16] = []
    private var inputPosition = 0
    private var preRoll: [[Int16]] = []
    private var preRollSamples = 0
    private var utterance: Utterance?
    private var speechOnset: Duration?
    private var bargedInThisSpeech = false
    private var mode = ListeningMode.open
    private var keypad: DTMFCollector
    /// Bumped whenever the caller speaks over anything (long enough to barge in).
    private var interruptions = 0
    /// Recogniser calls that failed on this call, and whether a failed reply was replaced once.
    private var recognitionFailures = 0
    private var synthesisFallbackUsed = false
    private var recognitionFailureReported = false

    // Speaking
    private var downsampler: Resampler?
    private var framer: OutboundFramer
    private var ledger = PlaybackLedger()
    private var speaking: Task<Void, Never>?
    private var response: Response?
    private var playoutEnds: Duration = .zero

    // Turns
    private var turns: Task<Void, Never>?
    /// The turn whose answer is being spoken sentence by sentence while the model still writes
    /// it; a barge-in then also ends the model's request.
    private var streamingTurn: Int?
    /// The agent's work on the caller's latest words, while it runs (a barge-in during a streamed
    /// answer cancels it, and with it the model's request).
    private var answering: Task<TurnReport, Never>?
    /// For each reply in the ledger, the reply of the turn it belongs to: an answer spoken as it
    /// was written is one reply in the call's memory but one ledger reply per sentence.
    private var replyGroups: [Int] = []
    private var ended = false

    /// The utterance being heard.
    private struct Utterance {
        var audio: [Int16] = []
        var endpointer: Endpointer
        var startedAt: Duration
        var overAgent: Bool
        var bargedIn = false
        var grammar: SlotGrammar?
        /// While a grammar listens: the language model decodes the same audio on `checking`.
        var checked = false
    }

    /// The response being played.
    private struct Response {
        var turn: Int
        var interruptible: Bool
        var timing: TurnTiming
        var firstAudioSent = false
    }

    /// When a turn's clock started: the endpoint decision (or the call's start, for the greeting),
    /// and how long endpointing waited after the caller's speech ended.
    private struct TurnTiming: Sendable {
        var startedAt: ContinuousClock.Instant
        var endpointing: Duration
        /// From the endpoint decision to the recogniser's final words (`nil`: keypad, greeting).
        var recognition: Duration?
    }

    private enum TurnInput: Sendable {
        case greeting(TurnTiming)
        case utterance(CallerUtterance, TurnTiming, interruptions: Int)
        case interruption(turn: Int, heard: [String])
        case closing(String)
        /// The host's own line, the call going on (a failure the caller should hear about).
        case notice(String)
    }

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
        framer = OutboundFramer(frameLength: configuration.outputFrameLength, maximumFrames: configuration.framesPerChunk)
        keypad = DTMFCollector(pause: configuration.keypadPause)
        (events, continuation) = AsyncStream<VoiceCallEvent>.makeStream()
        origin = clock.now
    }

    /// Stream time: how much caller audio has arrived.
    public var streamTime: Duration { AudioTime.duration(samples: inputPosition, rate: configuration.inputRate) }

    /// How the call listens now (the grammar, what the endpointer expects).
    public var listening: ListeningMode { mode }

    /// True while agent audio is being produced or is still playing at the far end.
    public var agentAudible: Bool {
        speaking != nil || (ledger.outstandingMarks > 0 && now < playoutEnds + configuration.playoutSlack)
    }

    /// Starts the call: the call-start hooks run and the greeting is spoken.
    public func start() {
        submit(.greeting(TurnTiming(startedAt: clock.now, endpointing: .zero)))
    }

    /// Speaks `text` once the turns in hand are done, then hangs up (`.hangUp`): the host's own
    /// last words, such as a callback promise when a transfer cannot be made.
    public func sayAndHangUp(_ text: String) {
        submit(.closing(text))
    }

    /// Caller audio at `configuration.inputRate`, any length.
    public func receive(_ samples: [Int16]) {
        guard !ended else { return }
        inputPending.append(contentsOf: samples)
        let frameLength = configuration.inputFrameLength
        var offset = 0
        while inputPending.count - offset >= frameLength {
            process(Array(inputPending[offset..<(offset + frameLength)]))
            offset += frameLength
        }
        inputPending.removeFirst(offset)
    }

    /// The caller pressed `key`. A key interrupts the agent; digits gather into one answer.
    public func receive(dtmf key: Character) {
        guard !ended else { return }
        if agentAudible { bargeIn() }
        if let answer = keypad.press(key, at: streamTime) { submitKeyed(answer) }
    }

    /// The far end echoed `mark` (its audio played, or was discarded by a clear).
    public func markPlayed(_ mark: String) {
        ledger.acknowledge(mark, at: now)
    }

    /// Ends the call (the caller hung up or the transport closed): work in flight is cancelled,
    /// the recogniser stream is returned, `events` finishes. Safe to call more than once.
    public func stop() {
        guard !ended else { return }
        ended = true
        speaking?.cancel()
        turns?.cancel()
        checking?.close()
        recognition.close()
        continuation.finish()
        let call = agentCall
        agent.ending { await call.end(reason: "the call ended") }
    }

    // MARK: Listening

    private func process(_ frame: [Int16]) {
        let activity = vad.process(frame)
        inputPosition += frame.count
        let time = streamTime
        let wide = upsampler?.process(frame) ?? frame

        if let event = vad.event {
            switch event.kind {
            case .speechStarted:
                speechOnset = event.time
                bargedInThisSpeech = false
                if utterance == nil { beginUtterance(at: event.time) }
            case .speechEnded:
                speechOnset = nil
            }
        }

        if var current = utterance {
            current.audio.append(contentsOf: wide)
            utterance = current
            if current.checked { _ = recognizing { try checking?.accept(wide) } }
            if let partial = recognizing({ try recognition.accept(wide) }) ?? nil {
                utterance?.endpointer.update(transcript: partial.text)
            }
            let decision = utterance?.endpointer.update(activity, at: time)
            if let decision, decision.isEndOfTurn {
                endUtterance(reason: decision.reason, speechEnded: time - decision.silence)
            } else if time - current.startedAt >= configuration.maximumUtterance {
                endUtterance(reason: .speaking, speechEnded: time)
            }
        } else {
            preRoll.append(wide)
            preRollSamples += wide.count
            let keep = AudioTime.samples(configuration.preRoll, rate: 16_000)
            while preRollSamples - (preRoll.first?.count ?? 0) >= keep, !preRoll.isEmpty {
                preRollSamples -= preRoll.removeFirst().count
            }
        }

        if activity == .speaking, let onset = speechOnset, !bargedInThisSpeech, time - onset >= configuration.bargeIn {
            bargedInThisSpeech = true
            interruptions += 1
            if agentAudible, bargeIn() { utterance?.bargedIn = true }
        }

        if let answer = keypad.tick(at: time) { submitKeyed(answer) }
    }

    private func beginUtterance(at onset: Duration) {
        recognitionFailureReported = false
        var endpointing = configuration.endpointing
        endpointing.expecting = mode.expecting
        var current = Utterance(
            endpointer: Endpointer(configuration: endpointing), startedAt: onset, overAgent: agentAudible,
            grammar: mode.grammar
        )
        recognition.useGrammar(mode.grammar)
        if mode.grammar != nil, configuration.checksSlotAnswers {
            // Without a second stream the grammar decides alone.
            if checking == nil { checking = recognizing { try engines.recognizer.makeStream(options: RecognitionOptions(channel: channel)) } }
            current.checked = checking != nil
        }
        for chunk in preRoll {
            current.audio.append(contentsOf: chunk)
            if current.checked { _ = recognizing { try checking?.accept(chunk) } }
            if let partial = recognizing({ try recognition.accept(chunk) }) ?? nil { current.endpointer.update(transcript: partial.text) }
        }
        preRoll = []
        preRollSamples = 0
        utterance = current
    }

    private func endUtterance(reason: EndpointReason, speechEnded: Duration) {
        guard let current = utterance else { return }
        utterance = nil
        let endpointAt = clock.now
        let failuresBefore = recognitionFailures
        var text = recognizing { try recognition.finish().text } ?? ""
        var fellBack = false
        var choice: String?
        if let grammar = current.grammar, current.checked, let checking {
            let alternative = recognizing { try checking.finish().text } ?? ""
            let chosen = grammar.choose(grammar: text, languageModel: alternative)
            text = chosen.text
            fellBack = chosen.source == .languageModel
            choice = chosen.reason
        } else if text.isEmpty, let grammar = current.grammar {
            // The grammar heard nothing it knows: perhaps the caller said something else
            // ("actually, what are your hours?"). Decode the same audio with the language model.
            recognition.useGrammar(nil)
            _ = recognizing { try recognition.accept(current.audio) }
            text = recognizing { try recognition.finish().text } ?? ""
            fellBack = true
            choice = "the \(grammar.rawValue) grammar heard nothing"
        }
        // Talk that began over the agent, never grew into a barge-in, and ends while the agent
        // is still talking is a backchannel ("uh-huh"). An answer that began over the last words
        // of a question and outlasted them is a turn.
        if current.overAgent, !current.bargedIn, agentAudible {
            continuation.yield(.ignored("talk over the agent shorter than the barge-in threshold: \"\(text)\""))
            return
        }
        guard !text.isEmpty else {
            if recognitionFailures > failuresBefore {
                // The recogniser failed on what the caller said: they hear so, never silence.
                submit(.notice(agent.configuration.session.wording.technicalProblem))
            } else {
                continuation.yield(.ignored("speech with no words recognised"))
            }
            return
        }
        let heard = CallerUtterance(
            text: text, source: .speech, endpoint: reason, grammar: current.grammar,
            fellBackToLanguageModel: fellBack, choice: choice, endedAt: speechEnded
        )
        submit(.utterance(heard, TurnTiming(startedAt: endpointAt, endpointing: streamTime - speechEnded, recognition: clock.now - endpointAt),
                          interruptions: interruptions))
    }

    private func submitKeyed(_ digits: String) {
        let heard = CallerUtterance(
            text: digits, source: .keypad, endpoint: nil, grammar: nil, fellBackToLanguageModel: false, choice: nil, endedAt: streamTime
        )
        submit(.utterance(heard, TurnTiming(startedAt: clock.now, endpointing: .zero), interruptions: interruptions))
    }

    // MARK: Turns

    private func submit(_ input: TurnInput) {
        let previous = turns
        turns = Task {
            await previous?.value
            await self.run(input)
        }
    }

    private func run(_ input: TurnInput) async {
        guard !ended, !Task.isCancelled else { return }
        let report: TurnReport
        let timing: TurnTiming
        switch input {
        case .interruption(let turn, let heard):
            await agentCall.interrupted(turn: turn, heard: heard)
            return
        case .greeting(let started):
            report = await agentCall.begin()
            timing = started
        case .notice(let text):
            var notice = TurnReport()
            notice.replies = [text]
            notice.state = await agentCall.state
            notice.turn = await agentCall.turn
            report = notice
            timing = TurnTiming(startedAt: clock.now, endpointing: .zero)
        case .closing(let text):
            var closing = TurnReport()
            closing.replies = [text]
            closing.ended = true
            closing.turn = await agentCall.turn
            report = closing
            timing = TurnTiming(startedAt: clock.now, endpointing: .zero)
        case .utterance(let heard, let started, let interruptionsAtSubmit):
            continuation.yield(.heard(heard))
            // An answer the model writes is spoken sentence by sentence while the turn still runs.
            let turn = await agentCall.turn + 1
            let (early, sink) = AsyncStream<(String, Bool)>.makeStream()
            let player = Task { await self.playEarly(early, turn: turn, timing: started) }
            let agentCall = self.agentCall
            let text = heard.text
            let answering = Task { await agentCall.handle(text, speak: { sink.yield(($0, $1)) }) }
            self.answering = answering
            report = await answering.value
            self.answering = nil
            sink.finish()
            await player.value
            streamingTurn = nil
            // A barge-in cut the streamed answer short: the interruption turn keeps what was heard.
            guard !answering.isCancelled else { return }
            timing = started
            let final = report.transfer != nil || report.ended
            if interruptions != interruptionsAtSubmit, !final {
                // The caller spoke again while the agent thought: that newer turn answers; this
                // reply is dropped unheard.
                await agentCall.interrupted(turn: report.turn, heard: [])
                continuation.yield(.ignored("a reply superseded by the caller's next words before it was spoken"))
                return
            }
        }
        guard !ended else { return }
        continuation.yield(.replied(report))
        mode = ListeningMode.mode(for: report.state, catalog: agent.catalog, grammars: configuration.slotGrammars)

        let final = report.transfer != nil || report.ended
        await play(report, interruptible: !final, timing: timing)
        guard !ended else { return }
        if let transfer = report.transfer {
            await waitForPlayout()
            if !ended { continuation.yield(.transfer(transfer)) }
        } else if report.ended {
            await waitForPlayout()
            if !ended { continuation.yield(.hangUp(reason: "the conversation ended")) }
        }
    }

    // MARK: Speaking

    private func play(_ report: TurnReport, interruptible: Bool, timing: TurnTiming) async {
        // Replies already spoken while the turn ran are not spoken again; the rest follow them
        // in the same response.
        var remaining = report.replies
        for early in report.spokenEarly {
            if let index = remaining.firstIndex(of: early) { remaining.remove(at: index) }
        }
        let continuing = !report.spokenEarly.isEmpty && response?.turn == report.turn
        let replies = remaining.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        guard !replies.isEmpty else {
            if continuing { continuation.yield(.replyComplete(turn: report.turn)) }
            return
        }
        let sentences = replies.map { engines.synthesizer.sentences(of: $0) }
        let offset: Int
        if continuing, var current = response {
            offset = ledger.append(replies: replies, sentences: sentences)
            for _ in replies { replyGroups.append((replyGroups.last ?? -1) + 1) }
            current.interruptible = interruptible
            response = current
        } else {
            offset = 0
            ledger.begin(replies: replies, sentences: sentences)
            replyGroups = Array(replies.indices)
            framer.reset()
            downsampler?.clear()
            response = Response(turn: report.turn, interruptible: interruptible, timing: timing)
        }
        let settings = configuration.voice.settings(for: report.style)
        let task = Task {
            await self.synthesize(replies, sentenceCounts: sentences.map(\.count), settings: settings, from: offset)
        }
        speaking = task
        await task.value
        if speaking == task { speaking = nil }
    }

    /// Speaks the sentences of an answer as the model writes them: the first starts a response
    /// (interruptible), each later one is added to it and synthesised as soon as it arrives.
    private func playEarly(_ sentences: AsyncStream<(String, Bool)>, turn: Int, timing: TurnTiming) async {
        let settings = configuration.voice.settings(for: .neutral)
        for await (text, startsReply) in sentences {
            guard !ended, !Task.isCancelled else { break }
            let parts = engines.synthesizer.sentences(of: text)
            guard !parts.isEmpty else { continue }
            let offset: Int
            if streamingTurn == turn {
                offset = ledger.append(replies: [text], sentences: [parts])
                replyGroups.append(startsReply ? (replyGroups.last ?? -1) + 1 : replyGroups.last ?? 0)
            } else {
                ledger.begin(replies: [text], sentences: [parts])
                framer.reset()
                downsampler?.clear()
                response = Response(turn: turn, interruptible: true, timing: timing)
                streamingTurn = turn
                replyGroups = [0]
                offset = 0
            }
            let task = Task { await self.synthesize([text], sentenceCounts: [parts.count], settings: settings, from: offset, completes: false) }
            speaking = task
            await task.value
            if speaking == task { speaking = nil }
            guard response?.turn == turn else { break }  // barged in
        }
    }

    /// Synthesises `replies`, whose sentences are numbered from `from` in the response, and sends
    /// their audio; `completes`: the response ends with them.
    private func synthesize(
        _ replies: [String], sentenceCounts: [Int], settings: VoiceSettings, from start: Int = 0, completes: Bool = true
    ) async {
        var offset = start
        for (index, reply) in replies.enumerated() {
            do {
                for try await chunk in engines.synthesizer.synthesize(reply, voice: settings) {
                    guard !Task.isCancelled, !ended else { return }
                    let sentence = offset + chunk.sentence
                    let samples = downsampler?.process(chunk.samples) ?? chunk.samples
                    // The first audio of a reply goes out at once; the rest in full chunks.
                    let eager = response?.firstAudioSent == false
                    for piece in framer.append(samples, sentence: sentence, eager: eager) { send(piece) }
                    if chunk.endsSentence { ledger.sentenceComplete(sentence) }
                }
            } catch {
                engineFailed("synthesizer", error)
                // One plain line in place of the reply that failed, if the synthesiser can say it.
                if !synthesisFallbackUsed {
                    synthesisFallbackUsed = true
                    let line = agent.configuration.session.wording.technicalProblem
                    if let chunks = try? await collect(engines.synthesizer.synthesize(line, voice: settings)) {
                        for chunk in chunks {
                            let samples = downsampler?.process(chunk.samples) ?? chunk.samples
                            for piece in framer.append(samples, sentence: offset, eager: true) { send(piece) }
                        }
                    }
                }
            }
            guard !Task.isCancelled, !ended else { return }
            offset += sentenceCounts[index]
        }
        if let tail = downsampler?.flush(), !tail.isEmpty {
            for piece in framer.append(tail, sentence: max(offset - 1, 0)) { send(piece) }
        }
        for piece in framer.finish() { send(piece) }
        if completes, let turn = response?.turn { continuation.yield(.replyComplete(turn: turn)) }
    }

    /// Runs a recogniser call; a failure is logged, counted and remembered, never silent.
    private func recognizing<T>(_ work: () throws -> T) -> T? {
        do {
            return try work()
        } catch {
            recognitionFailures += 1
            // A broken stream fails on every frame: said once per utterance, not fifty times a second.
            if !recognitionFailureReported {
                recognitionFailureReported = true
                engineFailed("recognizer", error)
            }
            return nil
        }
    }

    private func engineFailed(_ engine: String, _ error: any Error) {
        continuation.yield(.engineFailed(engine: engine, message: "\(error)"))
        let call = agentCall
        Task { await call.recordEngineError(engine, "\(error)") }
    }

    private func collect(_ stream: AsyncThrowingStream<AudioChunk, any Error>) async throws -> [AudioChunk] {
        var chunks: [AudioChunk] = []
        for try await chunk in stream { chunks.append(chunk) }
        return chunks
    }

    private func send(_ chunk: OutboundFramer.Chunk) {
        let time = now
        let mark = ledger.sent(parts: chunk.parts, sampleRate: configuration.outputRate, at: time)
        playoutEnds = max(playoutEnds, time) + AudioTime.duration(samples: chunk.samples.count, rate: configuration.outputRate)
        continuation.yield(.audio(samples: chunk.samples, mark: mark))
        if var current = response, !current.firstAudioSent {
            current.firstAudioSent = true
            response = current
            let latency = TurnLatency(turn: current.turn, endpointing: current.timing.endpointing, response: clock.now - current.timing.startedAt)
            continuation.yield(.firstAudio(latency))
            if latency.turn > 0 {
                let call = agentCall
                let recognition = current.timing.recognition
                Task { await call.recordAudioTiming(turn: latency.turn, endpointing: latency.endpointing, recognition: recognition, response: latency.response) }
            }
        }
    }

    /// Interrupts the agent's reply if it may be interrupted; true when it was.
    @discardableResult
    private func bargeIn() -> Bool {
        guard let current = response, current.interruptible, agentAudible else { return false }
        speaking?.cancel()
        speaking = nil
        // The model is still writing the answer being spoken: its request ends now.
        if streamingTurn == current.turn {
            answering?.cancel()
            streamingTurn = nil
        }
        framer.reset()
        downsampler?.clear()
        var heard = ledger.interrupt(at: now)
        heard.replies = Self.grouped(heard.replies, by: replyGroups)
        response = nil
        continuation.yield(.clear)
        continuation.yield(.interrupted(turn: current.turn, heard: heard))
        let call = agentCall
        Task { await call.recordBargeIn(turn: current.turn) }
        submit(.interruption(turn: current.turn, heard: heard.replies))
        return true
    }

    /// What was heard of each ledger reply, put back together per reply of the turn
    /// (`groups[i]`: the turn's reply that ledger reply `i` is part of).
    static func grouped(_ replies: [String], by groups: [Int]) -> [String] {
        guard groups.count == replies.count, groups != Array(replies.indices) else { return replies }
        var result = Array(repeating: [String](), count: (groups.max() ?? -1) + 1)
        for (index, text) in replies.enumerated() where !text.isEmpty { result[groups[index]].append(text) }
        return result.map { $0.joined(separator: " ") }
    }

    private func waitForPlayout() async {
        while !ended, ledger.outstandingMarks > 0, now < playoutEnds + configuration.playoutSlack {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private var now: Duration { clock.now - origin }
}
