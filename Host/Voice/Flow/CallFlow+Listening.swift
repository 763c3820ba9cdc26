import Agent
import Core
import Speech

extension CallFlow {
    mutating func process(_ frame: Frame) {
        now = max(now, frame.end)
        let time = now
        if let event = frame.detected {
            switch event.kind {
            case .speechStarted:
                speechOnset = event.time
                bargedInThisSpeech = false
                if utterance == nil, ending == nil { beginUtterance(at: event.time) }
            case .speechEnded:
                speechOnset = nil
            }
        }

        if var current = utterance {
            current.audio.append(contentsOf: frame.samples)
            if current.checked { out.append(.feed(.checking, frame.samples)) }
            out.append(.feed(.main, frame.samples))
            let decision = current.endpointer.update(frame.activity, at: time)
            utterance = current
            if decision.isEndOfTurn {
                endUtterance(reason: decision.reason, speechEnded: time - decision.silence)
            } else if time - current.startedAt >= configuration.maximumUtterance {
                endUtterance(reason: .speaking, speechEnded: time)
            }
        } else {
            preRoll.append(frame.samples)
            preRollSamples += frame.samples.count
            let keep = AudioTime.samples(configuration.preRoll, rate: 16_000)
            while !preRoll.isEmpty, preRollSamples - preRoll[0].count >= keep {
                preRollSamples -= preRoll.removeFirst().count
            }
        }

        if frame.activity == .speaking, let onset = speechOnset, !bargedInThisSpeech, time - onset >= configuration.bargeIn {
            bargedInThisSpeech = true
            interruptions += 1
            if agentAudible, bargeIn() { utterance?.bargedIn = true }
        }

        if let answer = keypad.tick(at: time) { submitKeyed(answer) }
        checkSilence(frame)
    }

    mutating func pressed(_ key: Character) {
        quietSince = nil
        if agentAudible { bargeIn() }
        if let answer = keypad.press(key, at: now) { submitKeyed(answer) }
    }

    private mutating func beginUtterance(at onset: Duration) {
        recognitionFailureReported = false
        var endpointing = configuration.endpointing
        endpointing.expecting = mode.expecting
        var current = Utterance(
            endpointer: Endpointer(configuration: endpointing), startedAt: onset, overAgent: agentAudible, grammar: mode.grammar
        )
        out.append(.useGrammar(mode.grammar))
        if mode.grammar != nil, configuration.checksSlotAnswers {
            // Opened at the first slot answer and kept for the call; without it the grammar
            // decides alone.
            if checking == .unopened {
                checking = .open
                out.append(.openChecking)
            }
            current.checked = checking == .open
        }
        for chunk in preRoll {
            current.audio.append(contentsOf: chunk)
            if current.checked { out.append(.feed(.checking, chunk)) }
            out.append(.feed(.main, chunk))
        }
        preRoll = []
        preRollSamples = 0
        utterance = current
    }

    private mutating func endUtterance(reason: EndpointReason, speechEnded: Duration) {
        guard let current = utterance else { return }
        utterance = nil
        let ticket = takeTicket()
        ending = Ending(utterance: current, reason: reason, speechEnded: speechEnded, ticket: ticket, failuresBefore: recognitionFailures)
        out.append(.clock(ticket: ticket, .started))
        out.append(.finish(.main))
    }

    mutating func recognized(_ lane: Lane, _ text: String) {
        guard var state = ending else { return }
        switch lane {
        case .main where state.decodingAgain:
            let grammar = state.utterance.grammar
            complete(state, text: text, fellBack: true, choice: grammar.map { "the \($0.rawValue) grammar heard nothing" })
        case .main:
            if state.utterance.grammar != nil, state.utterance.checked, checking == .open {
                state.grammarWords = text
                ending = state
                out.append(.finish(.checking))
            } else if text.isEmpty, state.utterance.grammar != nil {
                // The grammar heard nothing it knows: perhaps the caller said something else
                // ("actually, what are your hours?"). Decode the same audio with the language model.
                state.decodingAgain = true
                ending = state
                out.append(.useGrammar(nil))
                out.append(.feed(.main, state.utterance.audio))
                out.append(.finish(.main))
            } else {
                complete(state, text: text, fellBack: false, choice: nil)
            }
        case .checking:
            guard let grammar = state.utterance.grammar, let words = state.grammarWords else { return }
            let chosen = grammar.choose(grammar: words, languageModel: text)
            complete(state, text: chosen.text, fellBack: chosen.source == .languageModel, choice: chosen.reason)
        }
    }

    mutating func recognizerFailed(_ lane: Lane, _ step: RecognizerStep, _ message: String) {
        recognitionFailures += 1
        // A broken stream fails on every frame: said once per utterance, not fifty times a second.
        if !recognitionFailureReported {
            recognitionFailureReported = true
            engineFailed("recognizer", message)
        }
        switch (lane, step) {
        case (.checking, .open):
            checking = .failed
            utterance?.checked = false
        case (.checking, .finish):
            // The grammar decides alone.
            checking = .failed
            if let state = ending, let words = state.grammarWords {
                complete(state, text: words, fellBack: false, choice: nil)
            }
        case (.main, .finish):
            recognized(.main, "")
        default:
            break
        }
    }

    private mutating func complete(_ state: Ending, text: String, fellBack: Bool, choice: String?) {
        ending = nil
        out.append(.clock(ticket: state.ticket, .recognized))
        let current = state.utterance
        // Talk that began over the agent, never grew into a barge-in, and ends while the agent is
        // still talking is a backchannel ("uh-huh"). An answer that began over the last words of a
        // question and outlasted them is a turn.
        if current.overAgent, !current.bargedIn, agentAudible {
            emit(.ignored("talk over the agent shorter than the barge-in threshold: \"\(text)\""))
            return
        }
        guard !text.isEmpty else {
            if recognitionFailures > state.failuresBefore {
                // The recogniser failed on what the caller said: they hear so, never silence.
                submit(.notice(wording.technicalProblem))
            } else {
                emit(.ignored("speech with no words recognised"))
            }
            return
        }
        let heard = CallerUtterance(
            text: text, source: .speech, endpoint: state.reason, grammar: current.grammar,
            fellBackToLanguageModel: fellBack, choice: choice, endedAt: state.speechEnded
        )
        submit(.utterance(heard), ticket: state.ticket, endpointing: now - state.speechEnded)
    }

    private mutating func submitKeyed(_ digits: String) {
        let heard = CallerUtterance(
            text: digits, source: .keypad, endpoint: nil, grammar: nil, fellBackToLanguageModel: false, choice: nil, endedAt: now
        )
        submit(.utterance(heard))
    }

    mutating func engineFailed(_ engine: String, _ message: String) {
        emit(.engineFailed(engine: engine, message: message))
        out.append(.recordEngineError(engine: engine, message: message))
    }

    // MARK: Silence

    /// No-input handling on stream time: once the agent has finished and nothing is going on,
    /// `noInputTimeout` of silence repeats the last question, the next asks whether the caller is
    /// still there, and the one after that says goodbye and hangs up (never a transfer).
    private mutating func checkSilence(_ frame: Frame) {
        guard let timeout = configuration.noInputTimeout, started else { return }
        let idle = active == nil && queue.isEmpty && utterance == nil && ending == nil && speechOnset == nil
            && frame.activity == .quiet && !keypad.isCollecting && !agentAudible
        guard idle else {
            quietSince = nil
            return
        }
        guard let since = quietSince else {
            quietSince = now
            return
        }
        guard now - since >= timeout else { return }
        quietSince = nil
        noInputs += 1
        let reprompts = Array([lastQuestion, wording.stillThere].compactMap { $0 }.prefix(configuration.noInputReprompts))
        if noInputs > reprompts.count {
            submit(.closing(wording.silenceGoodbye))
        } else {
            submit(.notice(reprompts[noInputs - 1]))
        }
    }
}
