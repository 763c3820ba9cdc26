import Agent
import AgentTestSupport
import Core
import Speech
import Testing
import TestSupport
import Voice

/// Whole calls through `VoiceCall` with real speech: Flite caller audio over a μ-law line,
/// PocketSphinx with the bundled skills' language model, the real agent and plugins, Flite replies.
@Suite(.serialized) struct VoiceCallTests {
    /// A call on the bundled plugins (Dana's number, so CRM greets her by name), its line, and
    /// the engines.
    static func withCall(
        configuration: VoiceCallConfiguration = .init(),
        _ body: (VoiceCall, PhoneLine, VoiceEngines) async throws -> Void
    ) async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        let engines = try SpeechHarness.engines(for: harness.host)
        let call = try VoiceCall(agent: harness.agent, engines: engines, configuration: configuration, caller: "+15551230001")
        let line = PhoneLine(call)
        await call.start()
        #expect(await line.waitForReply(turn: 0))
        do {
            try await body(call, line, engines)
        } catch {
            await line.close()
            await harness.close()
            throw error
        }
        await line.close()
        await harness.close()
    }

    /// The caller says `text`; returns the agent's reply to it (waiting until its audio is all out).
    static func exchange(_ line: PhoneLine, _ text: String) async throws -> TurnReportSummary? {
        let before = line.events.replies.count
        try await line.say(text)
        guard await line.wait(until: { $0.replies.count > before }) else { return nil }
        let reply = line.events.replies[before]
        await line.waitForReply(turn: reply.turn)
        return reply
    }

    @Test func aCallerBooksAnAppointmentByVoice() async throws {
        try await Self.withCall { call, line, engines in
            let greeting = line.takeAgentAudio()
            #expect(greeting.count > 8_000, "the greeting is spoken")
            #expect(greeting.count % 160 == 0, "in whole 20 ms frames")

            let hours = try await Self.exchange(line, "what are your opening hours")
            #expect(hours?.intent == "scheduling.hours")
            let book = try await Self.exchange(line, "I'd like to book an appointment")
            #expect(book?.text == "What day would you like to come in?")
            #expect(await call.listening.grammar == .date)
            let day = try await Self.exchange(line, "next thursday")
            #expect(day?.text == "What time works best for you?")
            #expect(await call.listening.grammar == .time)
            let time = try await Self.exchange(line, "three thirty")
            #expect(time?.text == "I can book you for Thursday, November 26th at 3:30 PM as well as your Monday, November 30th appointment. Shall I book it?")
            #expect(await call.listening.grammar == .yesNo)
            _ = line.takeAgentAudio()
            let yes = try await Self.exchange(line, "yes please")
            #expect(yes?.text == "You're booked for Thursday, November 26th at 3:30 PM. Your confirmation number is A-1001.")
            #expect(await call.listening == .open)

            // Each slot answer was decoded with its slot's grammar.
            let heard = line.events.heard
            #expect(heard.map(\.grammar) == [nil, nil, .date, .time, .yesNo], "\(heard)")
            // The language model's words for the open questions (what matters, the intent each was
            // routed to, is asserted above; a word may come out differently when the machine is
            // loaded and the audio reaches the recogniser in other frame boundaries).
            #expect(heard.count == 5 && heard[0].text.contains("hours") && heard[1].text.contains("appointment"), "\(heard.map(\.text))")

            // What the caller hears, transcribed back by a general-English ear that knows nothing
            // of the skills, carries the booking (its word error rate on 8 kHz speech is high, so
            // two of the key words must come back, not all).
            let confirmation = try SpeechHarness.transcribe(line.takeAgentAudio())
            let keyWords = ["booked", "thursday", "november", "thirty", "confirmation"]
            let found = keyWords.filter { confirmation.contains($0) }
            #expect(found.count >= 2, "heard back: \(confirmation)")

            // Every reply was heard in full, and each came within the endpointing pause plus a
            // little: the figures themselves are for `smartdesk bench`, not for a test.
            let memory = await call.agentCall.memory
            #expect(memory.transcript.filter { $0.speaker == .agent }.allSatisfy { $0.heard })
            #expect(line.events.latencies.count == 6)
            #expect(line.events.clears == 0)
        }
    }

    /// Asked for a time, the caller asks something else: the time grammar would force it into a
    /// time ("yes please" was heard as "at two oh eight"), so the language model's reading, decoded
    /// beside it, is taken, and the agent answers the question instead of booking a wrong time.
    @Test func anAnswerOfAnotherKindIsNotForcedIntoTheSlotsGrammar() async throws {
        try await Self.withCall { call, line, _ in
            _ = try await Self.exchange(line, "I'd like to book an appointment")
            _ = try await Self.exchange(line, "next thursday")
            #expect(await call.listening.grammar == .time)
            let question = try await Self.exchange(line, "what are your opening hours")
            let heard = try #require(line.events.heard.last)
            #expect(heard.grammar == .time)
            #expect(heard.fellBackToLanguageModel, "\(heard)")
            #expect(heard.text.contains("hours"), "\(heard.text)")
            #expect(question?.intent == "scheduling.hours", "\(String(describing: question))")

            // The agent answered and offers to go back to the booking; there, an answer of the
            // slot's kind still gets the grammar's reading.
            let resume = try await Self.exchange(line, "yes please")
            #expect(await call.listening.grammar == .time, "after \(String(describing: question?.text)) and \(String(describing: resume?.text))")
            let time = try await Self.exchange(line, "three thirty")
            let answer = try #require(line.events.heard.last)
            #expect(answer.grammar == .time && !answer.fellBackToLanguageModel, "\(answer)")
            #expect(time?.text.contains("3:30 PM") == true, "\(String(describing: time?.text))")
        }
    }

    @Test func bargeInClearsTheLineAndMemoryKeepsOnlyWhatWasHeard() async throws {
        try await Self.withCall { call, line, _ in
            line.holdMarks(true)
            let before = line.events.replies.count
            try await line.say("what are your opening hours", pause: .milliseconds(400))
            #expect(await line.wait(until: { $0.replies.count > before }))
            let reply = line.events.replies[before]
            await line.waitForReply(turn: reply.turn)
            // The caller has heard about a second and a half of it when they talk over the agent.
            await line.release(.milliseconds(1_500))
            #expect(line.heldMarkCount > 10)
            try await line.say("I'd like to book an appointment")
            #expect(await line.wait(until: { $0.replies.count > before + 1 }))

            #expect(line.events.clears == 1)
            let interruption = try #require(line.events.interruptions.first)
            #expect(interruption.turn == reply.turn)
            let heard = interruption.heard.replies[0]
            #expect(!heard.isEmpty)
            #expect(heard.count < reply.text.count)
            #expect(reply.text.hasPrefix(heard), "\(heard) is where \(reply.text) was cut")
            #expect(!interruption.heard.complete)

            // Memory: the interrupted reply holds only the words heard, marked unheard; the next
            // turn was answered.
            let memory = await call.agentCall.memory
            let entry = try #require(memory.transcript.first { $0.speaker == .agent && $0.turn == reply.turn })
            #expect(entry.text == heard)
            #expect(!entry.heard)
            #expect(line.events.replies.last?.text == "What day would you like to come in?")
            #expect(await call.agentCall.statistics.interruptions == 1)
        }
    }

    @Test func aBackchannelShorterThanTheThresholdDoesNotInterrupt() async throws {
        var configuration = VoiceCallConfiguration()
        configuration.bargeIn = .milliseconds(700)
        try await Self.withCall(configuration: configuration) { call, line, _ in
            line.holdMarks(true)
            let before = line.events.replies.count
            try await line.say("what are your opening hours", pause: .milliseconds(400))
            #expect(await line.wait(until: { $0.replies.count > before }))
            await line.release(.milliseconds(500))
            try await line.say("okay", pause: .milliseconds(600))
            #expect(await line.wait(feedingSilence: false) { !$0.ignored.isEmpty })
            #expect(line.events.clears == 0)
            #expect(line.events.ignored.contains { $0.contains("shorter than the barge-in threshold") })
            #expect(line.events.replies.count == before + 1)
            // A whole sentence over the agent does interrupt.
            try await line.say("actually I'd like to book an appointment")
            #expect(await line.wait(until: { $0.replies.count > before + 1 }))
            #expect(line.events.clears == 1)
            #expect(await call.agentCall.statistics.interruptions == 1)
        }
    }

    @Test func anAnswerThatStartsOverTheLastWordsIsATurn() async throws {
        var configuration = VoiceCallConfiguration()
        configuration.bargeIn = .seconds(5)   // never a barge-in here
        try await Self.withCall(configuration: configuration) { _, line, _ in
            line.holdMarks(true)
            let before = line.events.replies.count
            try await line.say("what are your opening hours", pause: .milliseconds(400))
            #expect(await line.wait(until: { $0.replies.count > before }))
            await line.waitForReply(turn: line.events.replies[before].turn)
            // The caller starts while the reply is still playing; it ends during their answer.
            let answer = try await SpeechHarness.phoneSpeech("I'd like to book an appointment")
            await line.feed(Array(answer.prefix(answer.count / 3)))
            await line.release(.seconds(60))
            await line.feed(Array(answer.dropFirst(answer.count / 3)))
            await line.feed(SpeechHarness.lineSilence(.milliseconds(900)))
            #expect(await line.wait(until: { $0.replies.count > before + 1 }), "\(line.events.ignored)")
            #expect(line.events.replies.last?.text == "What day would you like to come in?")
            #expect(line.events.clears == 0)
        }
    }

    @Test func keypadDigitsAnswerAndInterrupt() async throws {
        try await Self.withCall { call, line, _ in
            let ask = try await Self.exchange(line, "I need to update my phone number")
            #expect(ask?.intent == "crm.update_phone")
            let before = line.events.replies.count
            line.holdMarks(true)
            for key in "5558675309#" { await call.receive(dtmf: key) }
            #expect(await line.wait(until: { $0.replies.count > before }))
            let heard = try #require(line.events.heard.last)
            #expect(heard.source == .keypad)
            #expect(heard.text == "5558675309")
            let confirm = line.events.replies[before]
            #expect(confirm.text.contains("5 5 5, 8 6 7, 5 3 0 9"), "\(confirm.text)")
            await line.waitForReply(turn: confirm.turn)
            // A key pressed while the agent speaks cuts it off.
            await call.receive(dtmf: "1")
            #expect(await line.wait(feedingSilence: false) { $0.clears == 1 })
        }
    }
}
