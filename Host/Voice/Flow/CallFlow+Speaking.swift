import Agent
import Core
import Speech

extension CallFlow {
    /// A new response: the ledger starts over, the framer and the output resampler forget the last.
    mutating func beginResponse(turn: Int, ticket: Int, interruptible: Bool, endpointing: Duration, replies: [String], sentences split: [[String]]) {
        ledger.begin(replies: replies, sentences: split)
        replyGroups = Array(replies.indices)
        framer.reset()
        out.append(.resetOutput)
        response = Response(turn: turn, ticket: ticket, interruptible: interruptible, endpointing: endpointing)
    }

    /// Queues a synthesis job; one runs at a time.
    mutating func enqueue(_ new: SynthesisJob) {
        var next = new
        nextJob += 1
        next.id = nextJob
        jobs.append(next)
        startNextJob()
    }

    private mutating func startNextJob() {
        guard job == nil, !jobs.isEmpty else { return }
        let next = jobs.removeFirst()
        job = next
        out.append(.synthesize(next))
    }

    mutating func synthesized(job id: Int, samples: [Int16], sentence: Int, endsSentence: Bool) {
        guard let current = job, current.id == id else { return }
        let number = current.firstSentence + min(sentence, max(current.sentenceCount - 1, 0))
        // The first audio of a reply goes out at once; the rest in full chunks.
        let eager = current.eager || response?.firstAudioSent == false
        for piece in framer.append(samples, sentence: number, eager: eager) { send(piece) }
        if endsSentence, !current.eager { ledger.sentenceComplete(number) }
    }

    mutating func synthesisEnded(job id: Int, tail: [Int16], failure: String?) {
        guard let current = job, current.id == id else { return }
        job = nil
        if let failure {
            engineFailed("synthesizer", failure)
            // One plain line in place of the reply that failed, if the synthesiser can say it.
            if !synthesisFallbackUsed {
                synthesisFallbackUsed = true
                nextJob += 1
                let fallback = SynthesisJob(
                    id: nextJob, text: wording.technicalProblem, settings: current.settings,
                    firstSentence: current.firstSentence, sentenceCount: current.sentenceCount, eager: true, last: current.last
                )
                jobs.insert(fallback, at: 0)
                startNextJob()
                return
            }
        }
        if !tail.isEmpty {
            let number = current.firstSentence + max(current.sentenceCount - 1, 0)
            for piece in framer.append(tail, sentence: number) { send(piece) }
        }
        if current.last {
            for piece in framer.finish() { send(piece) }
        }
        startNextJob()
        speakingDone()
    }

    private mutating func send(_ chunk: OutboundFramer.Chunk) {
        let mark = ledger.sent(parts: chunk.parts, sampleRate: configuration.outputRate, at: now)
        playoutEnds = max(playoutEnds, now) + AudioTime.duration(samples: chunk.samples.count, rate: configuration.outputRate)
        emit(.audio(samples: chunk.samples, mark: mark))
        if var current = response, !current.firstAudioSent {
            current.firstAudioSent = true
            response = current
            out.append(.firstAudio(ticket: current.ticket, turn: current.turn, endpointing: current.endpointing))
        }
    }

    /// Interrupts the agent's reply if it may be interrupted; true when it was.
    @discardableResult
    mutating func bargeIn() -> Bool {
        guard let current = response, current.interruptible, agentAudible else { return false }
        if job != nil || !jobs.isEmpty { out.append(.cancelSynthesis) }
        job = nil
        jobs = []
        // The model is still writing the answer being spoken: its request ends now.
        if streamingTurn == current.turn, let turn = active, turn.phase == .thinking {
            active?.cancelled = true
            out.append(.cancelTurn(ticket: turn.ticket))
        }
        streamingTurn = nil
        framer.reset()
        var heard = ledger.interrupt(at: now)
        heard.replies = Self.grouped(heard.replies, by: replyGroups)
        response = nil
        emit(.clear)
        emit(.interrupted(turn: current.turn, heard: heard))
        out.append(.recordBargeIn(turn: current.turn))
        submit(.interruption(turn: current.turn, heard: heard.replies))
        // The turn being spoken is over for the caller.
        if let turn = active, case .speaking = turn.phase { active = nil }
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
}
