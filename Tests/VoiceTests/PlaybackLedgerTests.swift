import Testing
import Voice

@Suite struct PlaybackLedgerTests {
    /// Two replies; the first of two sentences. 8 kHz; each sentence sent as 4 chunks of 100 ms.
    static func sentLedger() -> (PlaybackLedger, [String]) {
        var ledger = PlaybackLedger()
        ledger.begin(
            replies: ["One two three four. Five six seven eight.", "Nine ten."],
            sentences: [["One two three four.", "Five six seven eight."], ["Nine ten."]]
        )
        var marks: [String] = []
        for sentence in 0..<3 {
            for step in 0..<4 {
                marks.append(ledger.sent(parts: [.init(sentence: sentence, count: 800)], sampleRate: 8_000, at: .milliseconds(step)))
            }
            ledger.sentenceComplete(sentence)
        }
        return (ledger, marks)
    }

    @Test func everyMarkBackMeansEverythingHeard() {
        var (ledger, marks) = Self.sentLedger()
        #expect(ledger.outstandingMarks == 12)
        #expect(ledger.outstandingAudio == .milliseconds(1_200))
        #expect(ledger.outcome == .playing)
        for mark in marks { let acknowledged = ledger.acknowledge(mark, at: .seconds(2)); #expect(acknowledged) }
        #expect(ledger.outcome == .played)
        let heard = ledger.heard()
        #expect(heard.complete)
        #expect(heard.replies == ["One two three four. Five six seven eight.", "Nine ten."])
    }

    @Test func clearKeepsOnlyWhatWasAcknowledged() {
        var (ledger, marks) = Self.sentLedger()
        // The first sentence and half of the second played; the rest was cleared.
        for mark in marks.prefix(6) { ledger.acknowledge(mark, at: .seconds(1)) }
        // Cleared at the very moment the sixth chunk finished: nothing of the seventh played.
        let heard = ledger.interrupt(at: .seconds(1))
        #expect(!heard.complete)
        #expect(heard.replies == ["One two three four. Five six", ""])
        #expect(ledger.outcome == .interrupted)
        #expect(ledger.outstandingMarks == 0)
        // Marks echoed after the clear mean discarded audio: they change nothing.
        for mark in marks.dropFirst(6) { let acknowledged = ledger.acknowledge(mark, at: .seconds(2)); #expect(!acknowledged) }
        #expect(ledger.heard() == heard)
    }

    @Test func theChunkInFlightCountsForTheTimeItHadToPlay() {
        var (ledger, marks) = Self.sentLedger()
        for mark in marks.prefix(4) { ledger.acknowledge(mark, at: .seconds(1)) }
        // The fifth chunk (100 ms) started when the fourth finished; 100 ms later it has played,
        // and half of the sixth (the clear comes 150 ms after the fourth mark).
        let heard = ledger.interrupt(at: .milliseconds(1_150))
        // 1 of 4 chunks of the second sentence played in full: its first word.
        #expect(heard.replies[0] == "One two three four. Five")
    }

    @Test func unknownLateAndRepeatedMarksAreIgnored() {
        var (ledger, marks) = Self.sentLedger()
        let unknown = ledger.acknowledge("nonsense", at: .zero)
        #expect(!unknown)
        let first = ledger.acknowledge(marks[0], at: .zero)
        let again = ledger.acknowledge(marks[0], at: .zero)
        #expect(first && !again)
        // A new response: the old names mean nothing any more, and new names never repeat old ones.
        ledger.begin(replies: ["Hello."], sentences: [["Hello."]])
        let mark = ledger.sent(parts: [.init(sentence: 0, count: 160)], sampleRate: 8_000, at: .zero)
        #expect(!marks.contains(mark))
        let stale = ledger.acknowledge(marks[1], at: .zero)
        #expect(!stale)
        #expect(ledger.outstandingMarks == 1)
    }

    @Test func aSentenceNotAllSynthesisedIsJudgedByItsWords() {
        var ledger = PlaybackLedger()
        ledger.begin(replies: ["alpha bravo charlie delta echo foxtrot"], sentences: [["alpha bravo charlie delta echo foxtrot"]])
        // Only 0.4 s of an (estimated) 2 s sentence was synthesised, and all of it played.
        let mark = ledger.sent(parts: [.init(sentence: 0, count: 3_200)], sampleRate: 8_000, at: .zero)
        ledger.acknowledge(mark, at: .milliseconds(400))
        let heard = ledger.interrupt(at: .milliseconds(400))
        #expect(heard.replies == ["alpha"])
        #expect(!heard.complete)
    }
}

@Suite struct OutboundFramerTests {
    @Test func wholeFramesInChunksOfAtMostFive() {
        var framer = OutboundFramer(frameLength: 160, maximumFrames: 5)
        // The start of a reply: every whole frame goes at once.
        var chunks = framer.append([Int16](repeating: 1, count: 1_000), sentence: 0, eager: true)
        #expect(chunks.map(\.samples.count) == [800, 160])
        #expect(framer.pendingCount == 40)
        // Later: full 100 ms chunks only.
        chunks = framer.append([Int16](repeating: 2, count: 130), sentence: 1)
        #expect(chunks.isEmpty)
        chunks = framer.append([Int16](repeating: 2, count: 700), sentence: 1)
        #expect(chunks.map(\.samples.count) == [800])
        #expect(chunks[0].parts == [.init(sentence: 0, count: 40), .init(sentence: 1, count: 760)])
        // The end: the rest, padded with silence to a whole frame.
        chunks = framer.finish()
        #expect(chunks.count == 1)
        #expect(chunks[0].samples.count == 160)
        #expect(chunks[0].samples.prefix(70).allSatisfy { $0 == 2 })
        #expect(chunks[0].samples.suffix(90).allSatisfy { $0 == 0 })
        #expect(chunks[0].parts == [.init(sentence: 1, count: 70)])
        #expect(framer.finish().isEmpty)
    }

    @Test func resetDropsWhatIsPending() {
        var framer = OutboundFramer()
        _ = framer.append([Int16](repeating: 1, count: 100), sentence: 0)
        framer.reset()
        #expect(framer.pendingCount == 0)
        #expect(framer.finish().isEmpty)
    }
}

@Suite struct DTMFCollectorTests {
    @Test func poundEndsTheAnswer() {
        var keypad = DTMFCollector()
        for key in "4271" { #expect(keypad.press(key, at: .zero) == nil) }
        #expect(keypad.isCollecting)
        #expect(keypad.press("#", at: .seconds(1)) == "4271")
        #expect(!keypad.isCollecting)
        #expect(keypad.press("#", at: .seconds(1)) == nil)
    }

    @Test func aPauseEndsTheAnswer() {
        var keypad = DTMFCollector(pause: .seconds(2))
        _ = keypad.press("1", at: .seconds(1))
        _ = keypad.press("2", at: .seconds(2))
        #expect(keypad.tick(at: .milliseconds(3_900)) == nil)
        #expect(keypad.tick(at: .seconds(4)) == "12")
        #expect(keypad.tick(at: .seconds(9)) == nil)
    }

    @Test func theExpectedCountEndsTheAnswerAndStarStartsOver() {
        var keypad = DTMFCollector(expectedCount: 4)
        _ = keypad.press("9", at: .zero)
        _ = keypad.press("*", at: .zero)
        #expect(!keypad.isCollecting)
        for key in "123" { #expect(keypad.press(key, at: .zero) == nil) }
        #expect(keypad.press("4", at: .zero) == "1234")
    }

    @Test func keysAPhoneCannotSendAreIgnored() {
        var keypad = DTMFCollector()
        let ignored = keypad.press("x", at: .zero)
        #expect(ignored == nil)
        #expect(!keypad.isCollecting)
        #expect(keypad.press("A", at: .zero) == "A")
    }
}
