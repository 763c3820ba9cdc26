import Foundation
import Agent
import Core
import Speech

extension CallFlow {
    mutating func takeTicket() -> Int {
        nextTicket += 1
        return nextTicket
    }

    /// Queues a turn. Keyed answers, the greeting and the host's lines start their clock now;
    /// spoken ones started it at the endpoint decision (`ticket` given).
    mutating func submit(_ input: Input, ticket given: Int? = nil, endpointing: Duration = .zero) {
        let ticket = given ?? takeTicket()
        if given == nil { out.append(.clock(ticket: ticket, .started)) }
        if case .utterance = input {
            noInputs = 0
            quietSince = nil
        }
        queue.append(Queued(ticket: ticket, input: input, endpointing: endpointing, interruptions: interruptions))
    }

    /// Starts the next queued turn when none runs.
    mutating func advanceTurns() {
        while active == nil, !queue.isEmpty, !closed, !ended {
            let next = queue.removeFirst()
            var turn = ActiveTurn(ticket: next.ticket, input: next.input, phase: .thinking)
            turn.interruptionsAtSubmit = next.interruptions
            turn.endpointing = next.endpointing
            if case .utterance(let heard) = next.input { emit(.heard(heard)) }
            active = turn
            out.append(.runTurn(ticket: next.ticket, next.input))
        }
    }

    mutating func turnDone(ticket: Int, report: TurnReport?, listening: ListeningMode) {
        guard var turn = active, turn.ticket == ticket, turn.phase == .thinking else { return }
        if turn.cancelled {
            // A barge-in cut the streamed answer short: the interruption turn keeps what was heard.
            streamingTurn = nil
            active = nil
            return
        }
        guard var report else {
            active = nil
            return
        }
        let final = report.transfer != nil || report.ended
        if case .utterance = turn.input, interruptions != turn.interruptionsAtSubmit, !final {
            // The caller spoke again while the agent thought: that newer turn answers; this reply
            // is dropped unheard.
            emit(.ignored("a reply superseded by the caller's next words before it was spoken"))
            let interruption = takeTicket()
            active = ActiveTurn(ticket: interruption, input: .interruption(turn: report.turn, heard: []), phase: .thinking)
            out.append(.runTurn(ticket: interruption, .interruption(turn: report.turn, heard: [])))
            streamingTurn = nil
            return
        }
        if case .closing = turn.input { report.ended = true }
        emit(.replied(report))
        mode = listening
        if case .notice = turn.input {} else if case .closing = turn.input {} else {
            lastQuestion = Self.question(in: report.replies)
        }
        turn.report = report
        active = turn
        play(report, final: final)
    }

    /// The last sentence of the replies when it is a question (repeated when the caller is silent).
    static func question(in replies: [String]) -> String? {
        guard let last = replies.last(where: { $0.contains(where: \.isLetter) }) else { return nil }
        let trimmed = last.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasSuffix("?") else { return nil }
        var start = trimmed.startIndex
        var index = trimmed.startIndex
        while index < trimmed.index(before: trimmed.endIndex) {
            let next = trimmed.index(after: index)
            if ".!?".contains(trimmed[index]), trimmed[next] == " " { start = next }
            index = next
        }
        return String(trimmed[start...]).trimmingCharacters(in: .whitespaces)
    }

    /// A sentence of an answer the model is still writing: it starts the turn's response
    /// (interruptible) or joins it, and is synthesised as soon as the jobs before it are done.
    mutating func sentence(ticket: Int, turn: Int, text: String, startsReply: Bool) {
        guard let current = active, current.ticket == ticket, !current.cancelled, current.phase == .thinking else { return }
        let parts = sentences(text)
        guard !parts.isEmpty else { return }
        let offset: Int
        if streamingTurn == turn, response?.turn == turn {
            offset = ledger.append(replies: [text], sentences: [parts])
            replyGroups.append(startsReply ? (replyGroups.last ?? -1) + 1 : replyGroups.last ?? 0)
        } else {
            beginResponse(turn: turn, ticket: ticket, interruptible: true, endpointing: current.endpointing, replies: [text], sentences: [parts])
            streamingTurn = turn
            offset = 0
        }
        enqueue(SynthesisJob(
            id: 0, text: text, settings: configuration.voice.settings(for: .neutral), firstSentence: offset,
            sentenceCount: parts.count, eager: false, last: true
        ))
    }

    /// Speaks a finished turn's replies: those not already spoken while it ran follow them in
    /// the same response.
    mutating func play(_ report: TurnReport, final: Bool) {
        var remaining = report.replies
        for early in report.spokenEarly {
            if let index = remaining.firstIndex(of: early) { remaining.remove(at: index) }
        }
        let continuing = !report.spokenEarly.isEmpty && response?.turn == report.turn && streamingTurn == report.turn
        streamingTurn = nil
        let replies = remaining.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        active?.phase = .speaking(final: final, completes: continuing || !replies.isEmpty)
        guard !replies.isEmpty else {
            speakingDone()
            return
        }
        let split = replies.map(sentences)
        var offset: Int
        if continuing, response != nil {
            offset = ledger.append(replies: replies, sentences: split)
            for _ in replies { replyGroups.append((replyGroups.last ?? -1) + 1) }
            response?.interruptible = !final
        } else {
            beginResponse(
                turn: report.turn, ticket: active?.ticket ?? 0, interruptible: !final, endpointing: active?.endpointing ?? .zero,
                replies: replies, sentences: split
            )
            offset = 0
        }
        let settings = configuration.voice.settings(for: report.style)
        for (index, reply) in replies.enumerated() {
            enqueue(SynthesisJob(
                id: 0, text: reply, settings: settings, firstSentence: offset, sentenceCount: split[index].count,
                eager: false, last: index == replies.count - 1
            ))
            offset += split[index].count
        }
    }

    /// The active turn's audio is all handed over (or it had none): the turn ends, or waits for
    /// a transfer's or goodbye's words to play.
    mutating func speakingDone() {
        guard let turn = active, case .speaking(let final, let completes) = turn.phase, job == nil, jobs.isEmpty else { return }
        if completes, let report = turn.report { emit(.replyComplete(turn: report.turn)) }
        if final {
            active?.phase = .awaitingPlayout
            out.append(.awaitPlayout(max(playoutEnds - now, .zero) + configuration.playoutSlack))
            finishPlayout(force: false)
        } else {
            active = nil
        }
    }

    /// A transfer or goodbye goes out once its words have played: every mark back, or stream
    /// time past their expected end (marks may never come).
    mutating func finishPlayout(force: Bool) {
        guard let turn = active, turn.phase == .awaitingPlayout, let report = turn.report else { return }
        guard force || ledger.outstandingMarks == 0 || now >= playoutEnds + configuration.playoutSlack else { return }
        closed = true
        active = nil
        queue = []
        if let transfer = report.transfer {
            emit(.transfer(transfer))
        } else {
            emit(.hangUp(reason: "the conversation ended"))
        }
    }
}
