import Core
import Speech
import Testing

/// The endpointer on mock timelines: one character per 10 ms frame ("S" speaking, "p" stopping,
/// "q" quiet, "s" starting), no clocks.
@Suite struct EndpointerTests {
    static let frame = Duration.milliseconds(10)

    /// Feeds `timeline`; `transcripts` arrive before the frame with their index. Returns every
    /// decision with the stream time of its frame.
    static func run(
        _ endpointer: inout Endpointer, _ timeline: String, transcripts: [Int: (String, Bool)] = [:]
    ) -> [(time: Duration, decision: EndpointDecision)] {
        var decisions: [(Duration, EndpointDecision)] = []
        for (index, character) in timeline.enumerated() {
            if let (text, complete) = transcripts[index] { endpointer.update(transcript: text, isCompleteRequest: complete) }
            let activity: VoiceActivity = switch character {
            case "S": .speaking
            case "p": .stopping
            case "s": .starting
            default: .quiet
            }
            let time = frame * (index + 1)
            decisions.append((time, endpointer.update(activity, at: time)))
        }
        return decisions
    }

    /// Half a second of speech with `transcript`, then up to 5 s of silence: the first end of turn.
    static func endOfTurn(_ transcript: String, complete: Bool = false, configuration: Endpointer.Configuration = .init()) -> EndpointDecision? {
        var endpointer = Endpointer(configuration: configuration)
        let timeline = String(repeating: "S", count: 50) + String(repeating: "p", count: 20) + String(repeating: "q", count: 480)
        return run(&endpointer, timeline, transcripts: [0: (transcript, complete)]).first { $0.decision.isEndOfTurn }?.decision
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var transcript: String
        var reason: EndpointReason
        var silence: Int  // ms
        var complete = false
        var expecting: EntityKind?
        var expectedDigits: Int?
        var testDescription: String { "\"\(transcript)\" → \(reason) after \(silence) ms" }
    }

    static let cases: [Case] = [
        // Plain pauses and a complete request.
        Case(transcript: "I'd like to book an appointment for next Tuesday", reason: .pause, silence: 300),
        Case(transcript: "", reason: .pause, silence: 300),
        Case(transcript: "I want to cancel my appointment", reason: .completeRequest, silence: 150, complete: true),
        Case(transcript: "I think so", reason: .pause, silence: 300),
        Case(transcript: "do you have anything at three", reason: .pause, silence: 300),
        Case(transcript: "can I come in at three thirty", reason: .pause, silence: 300),
        Case(transcript: "I need one more", reason: .pause, silence: 300),
        // Hesitations and trailing words.
        Case(transcript: "I want to pay my bill and", reason: .trailingWord("and"), silence: 1_200),
        Case(transcript: "I want to pay my bill and", reason: .trailingWord("and"), silence: 1_200, complete: true),
        Case(transcript: "I need um", reason: .filler("um"), silence: 1_200),
        Case(transcript: "uh", reason: .filler("uh"), silence: 1_200),
        Case(transcript: "I was going to move it so", reason: .trailingWord("so"), silence: 1_200),
        Case(transcript: "I'd like Friday but", reason: .trailingWord("but"), silence: 1_200),
        Case(transcript: "I'd like to book the", reason: .trailingWord("the"), silence: 1_200),
        Case(transcript: "can we meet at", reason: .trailingWord("at"), silence: 1_200),
        // Digits read out.
        Case(transcript: "my account number is four two seven nine one", reason: .unfinishedDigits(count: 5), silence: 2_000),
        Case(transcript: "the code is double oh seven", reason: .unfinishedDigits(count: 3), silence: 2_000),
        Case(transcript: "number four", reason: .unfinishedDigits(count: 1), silence: 2_000),
        Case(transcript: "four two", reason: .unfinishedDigits(count: 2), silence: 2_000, expecting: .digits),
        Case(transcript: "four two seven nine one", reason: .pause, silence: 300, expecting: .digits, expectedDigits: 5),
        Case(transcript: "four two seven", reason: .unfinishedDigits(count: 3), silence: 2_000, expecting: .digits, expectedDigits: 5),
        Case(transcript: "it's one two three four five six seven eight nine zero", reason: .pause, silence: 300),
        // A time or a date read out is whole as said, digits or not.
        Case(transcript: "two oh eight", reason: .unfinishedDigits(count: 3), silence: 2_000),
        Case(transcript: "at two oh eight", reason: .pause, silence: 300, expecting: .time),
        Case(transcript: "the twenty three oh one", reason: .pause, silence: 300, expecting: .date),
        // Phone numbers.
        Case(transcript: "my phone number is five five five one two three four", reason: .unfinishedPhoneNumber(digits: 7), silence: 2_000),
        Case(transcript: "five five five", reason: .unfinishedPhoneNumber(digits: 3), silence: 2_000, expecting: .phoneNumber),
        Case(transcript: "555-12", reason: .unfinishedPhoneNumber(digits: 5), silence: 2_000, expecting: .phoneNumber),
        Case(transcript: "six one seven five five five one two three four", reason: .pause, silence: 300, expecting: .phoneNumber),
        Case(transcript: "one six one seven five five five one two three", reason: .unfinishedPhoneNumber(digits: 10), silence: 2_000, expecting: .phoneNumber),
        Case(transcript: "one six one seven five five five one two three four", reason: .pause, silence: 300, expecting: .phoneNumber),
        Case(transcript: "it's 617 555 1234", reason: .pause, silence: 300, expecting: .phoneNumber),
        // E-mail addresses.
        Case(transcript: "my email is ana at", reason: .unfinishedEmail, silence: 2_500),
        Case(transcript: "my email is ana at gmail", reason: .unfinishedEmail, silence: 2_500),
        Case(transcript: "my email is ana at gmail dot", reason: .unfinishedEmail, silence: 2_500),
        Case(transcript: "my email is ana at gmail dot com", reason: .pause, silence: 300),
        Case(transcript: "ana at example", reason: .unfinishedEmail, silence: 2_500, expecting: .email),
        Case(transcript: "ana at example dot co dot uk", reason: .pause, silence: 300, expecting: .email),
        Case(transcript: "it's j smith at", reason: .unfinishedEmail, silence: 2_500, expecting: .email),
    ]

    @Test(arguments: cases)
    func endsAfterTheSilenceTheWordsCallFor(_ test: Case) throws {
        var configuration = Endpointer.Configuration(expecting: test.expecting)
        configuration.expectedDigitCount = test.expectedDigits
        let decision = try #require(Self.endOfTurn(test.transcript, complete: test.complete, configuration: configuration))
        #expect(decision.reason == test.reason)
        #expect(decision.silence == .milliseconds(test.silence))
        #expect(decision.requiredSilence == .milliseconds(test.silence))
        #expect(decision.reason.holdsTurn == (test.silence > 300))
    }

    @Test func noWaitIsLongerThanTheCap() throws {
        let configuration = Endpointer.Configuration(hesitationSilence: .seconds(10), emailSilence: .seconds(4), maximumSilence: .seconds(3))
        let hesitation = try #require(Self.endOfTurn("and then um", configuration: configuration))
        #expect(hesitation.reason == .filler("um"))
        #expect(hesitation.silence == .seconds(3))
        let email = try #require(Self.endOfTurn("my email is bo at", configuration: configuration))
        #expect(email.reason == .unfinishedEmail)
        #expect(email.silence == .seconds(3))
    }

    @Test func theLongestHoldWins() throws {
        // A trailing "and" (1.2 s) after digits being read out (2 s).
        let decision = try #require(Self.endOfTurn("my number is five five five and", configuration: .init(expecting: .phoneNumber)))
        #expect(decision.reason == .trailingWord("and"))
        #expect(decision.silence == .milliseconds(1_200))
        let digits = try #require(Self.endOfTurn("five five five um", configuration: .init(expecting: .phoneNumber)))
        #expect(digits.reason == .filler("um"))
        let stillDigits = try #require(Self.endOfTurn("five five five", configuration: .init(hesitationSilence: .milliseconds(2_500), expecting: .phoneNumber)))
        #expect(stillDigits.reason == .unfinishedPhoneNumber(digits: 3))
    }

    @Test func nothingEndsBeforeSpeech() {
        var endpointer = Endpointer()
        let decisions = Self.run(&endpointer, String(repeating: "q", count: 400) + "sss" + String(repeating: "q", count: 100))
        #expect(decisions.allSatisfy { !$0.decision.isEndOfTurn && $0.decision.reason == .noSpeech })
    }

    @Test func speechResumingRestartsTheSilence() throws {
        var endpointer = Endpointer()
        // 250 ms pause (not enough), more speech, then the real end 300 ms after it.
        let timeline = String(repeating: "S", count: 30) + String(repeating: "p", count: 25) + String(repeating: "S", count: 20)
            + String(repeating: "q", count: 60)
        let decisions = Self.run(&endpointer, timeline, transcripts: [0: ("book a table", false)])
        let end = try #require(decisions.first { $0.decision.isEndOfTurn })
        #expect(end.time == .milliseconds(750 + 300))
        #expect(end.decision.silence == .milliseconds(300))
        let during = decisions[54].decision
        #expect(during.action == .listen && during.reason == .pause && during.silence == .milliseconds(250))
    }

    @Test func possibleSpeechHoldsTheEndButDoesNotRestartTheSilence() throws {
        var endpointer = Endpointer()
        // Speech, 200 ms quiet, 150 ms of "starting" (a click that never becomes speech), quiet.
        let timeline = String(repeating: "S", count: 30) + String(repeating: "q", count: 20) + String(repeating: "s", count: 15)
            + String(repeating: "q", count: 10)
        let decisions = Self.run(&endpointer, timeline, transcripts: [0: ("yes", false)])
        #expect(decisions[30..<65].allSatisfy { !$0.decision.isEndOfTurn })
        let end = try #require(decisions.first { $0.decision.isEndOfTurn })
        #expect(end.time == .milliseconds(660))
        #expect(end.decision.silence == .milliseconds(360))
    }

    @Test func aLatePartialChangesTheDecision() throws {
        var endpointer = Endpointer()
        // The recogniser's partial with the trailing "and" arrives 250 ms into the silence.
        let timeline = String(repeating: "S", count: 40) + String(repeating: "q", count: 200)
        let decisions = Self.run(&endpointer, timeline, transcripts: [0: ("I'd like to pay", false), 65: ("I'd like to pay my bill and", false)])
        let end = try #require(decisions.first { $0.decision.isEndOfTurn })
        #expect(end.decision.reason == .trailingWord("and"))
        #expect(end.time == .milliseconds(400 + 1_200))
    }

    @Test func theEndStaysUntilReset() throws {
        var endpointer = Endpointer()
        let decisions = Self.run(&endpointer, String(repeating: "S", count: 10) + String(repeating: "q", count: 40) + String(repeating: "S", count: 10))
        let ends = decisions.filter { $0.decision.isEndOfTurn }
        #expect(ends.count == 11 + 10)  // from the 30th quiet frame on, the speech after it included
        #expect(Set(ends.map { $0.decision.silence }) == [.milliseconds(300)])
        endpointer.reset()
        #expect(endpointer.transcript.isEmpty)
        #expect(endpointer.update(.quiet, at: .seconds(2)).reason == .noSpeech)
        #expect(endpointer.update(.speaking, at: .milliseconds(2_010)).reason == .speaking)
        #expect(endpointer.update(.quiet, at: .milliseconds(2_310)).isEndOfTurn)
    }

    @Test func aNewExpectationAppliesToTheWordsAlreadyHeard() {
        var endpointer = Endpointer()
        endpointer.update(transcript: "five five five")
        _ = endpointer.update(.speaking, at: .milliseconds(100))
        #expect(endpointer.update(.quiet, at: .milliseconds(500)).reason == .unfinishedDigits(count: 3))
        endpointer.configuration.expecting = .phoneNumber
        let decision = endpointer.update(.quiet, at: .milliseconds(600))
        #expect(decision.reason == .unfinishedPhoneNumber(digits: 3))
        #expect(decision.description == "listen: unfinished phone number (3 digits) (silence 0.5 seconds of 2.0 seconds)")
    }
}
