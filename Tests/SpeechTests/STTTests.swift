import Foundation
import Speech
import Testing
import TestSupport

/// The recognizer's streaming API on real Flite speech at 16 kHz: partials, finals, word timings,
/// slot grammars, the decoder pool and rebuilding.
@Suite("STT: PocketSphinx streams", .serialized)
struct STTTests {
    static let phrases = [
        "what's my balance", "I want to pay my bill", "I need to cancel my appointment",
        "can I talk to a real person", "my account number is four two seven nine one",
    ]

    static func recognizer(_ label: String, phrases: [String] = phrases, ready: Int = 1) throws -> (PocketSphinxRecognizer, URL) {
        let work = try TestPaths.temporaryDirectory(label)
        let configuration = PocketSphinxConfiguration(workDirectory: work, channel: .wideband, readyDecoders: ready)
        return (try PocketSphinxRecognizer(phrases: phrases, configuration: configuration), work)
    }

    @Test func decodesAStreamWithPartialsAndWordTimings() async throws {
        let (recognizer, work) = try Self.recognizer("stt-stream")
        defer { try? FileManager.default.removeItem(at: work) }
        let audio = try await STTAudio.speech("I want to pay my bill")
        let stream = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband))
        defer { stream.close() }
        let (final, partials) = try STTDecode.transcribe(audio, with: stream)

        #expect(Self.wordEdits(final.text, "i want to pay my bill") <= 1, "\(final.text)")
        #expect(final.isFinal)
        #expect(!partials.isEmpty)
        #expect(partials.allSatisfy { !$0.isFinal })
        for (previous, next) in zip(partials, partials.dropFirst()) {
            #expect(previous.text != next.text, "a partial is reported only when its words change")
        }
        #expect(final.words.map(\.word) == final.text.split(separator: " ").map(String.init))
        let duration = Double(audio.count) / 16_000
        for (word, next) in zip(final.words, final.words.dropFirst()) {
            #expect(word.start < word.end && word.end <= next.start + 0.001)
        }
        #expect(final.words.last!.end <= duration)
    }

    @Test func chunkSizesDoNotChangeTheResult() async throws {
        let (recognizer, work) = try Self.recognizer("stt-chunks")
        defer { try? FileManager.default.removeItem(at: work) }
        let audio = try await STTAudio.speech("what's my balance")
        var finals: [Hypothesis] = []
        for chunk in [320, 7, 1001, audio.count] {
            let stream = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband))
            finals.append(try STTDecode.transcribe(audio, with: stream, chunk: chunk).final)
            stream.close()
        }
        #expect(finals[0].text == "what's my balance")
        #expect(finals.allSatisfy { $0 == finals[0] })
    }

    @Test func utterancesFollowOneAnotherAndSlotGrammarsSwitchBetweenThem() async throws {
        let (recognizer, work) = try Self.recognizer("stt-grammar")
        defer { try? FileManager.default.removeItem(at: work) }
        let stream = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband))
        defer { stream.close() }

        #expect(try stream.finish() == Hypothesis(text: "", isFinal: true), "no audio, no words")

        let first = try STTDecode.transcribe(try await STTAudio.speech("I need to cancel my appointment"), with: stream).final
        #expect(Self.wordEdits(first.text, "i need to cancel my appointment") <= 1, "\(first.text)")

        stream.useGrammar(.digits)
        let digits = try STTDecode.transcribe(try await STTAudio.speech("four two seven nine one"), with: stream).final
        #expect(Self.wordEdits(digits.text, "four two seven nine one") <= 1, "\(digits.text)")

        // Asked during an utterance, the switch waits for its end.
        let answer = try await STTAudio.speech("yes that's right")
        _ = try stream.accept(Array(answer.prefix(1600)))
        stream.useGrammar(.yesNo)
        _ = try stream.accept(Array(answer.dropFirst(1600)))
        _ = try stream.finish()
        let yes = try STTDecode.transcribe(answer, with: stream).final
        #expect(Self.wordEdits(yes.text, "yes that's right") <= 1, "\(yes.text)")

        stream.useLanguageModel()
        let back = try STTDecode.transcribe(try await STTAudio.speech("what's my balance"), with: stream).final
        #expect(Self.wordEdits(back.text, "what's my balance") <= 1, "\(back.text)")
    }

    @Test func theStreamsGrammarOptionAppliesFromTheStart() async throws {
        let (recognizer, work) = try Self.recognizer("stt-option")
        defer { try? FileManager.default.removeItem(at: work) }
        let stream = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband, grammar: .time))
        defer { stream.close() }
        let time = try STTDecode.transcribe(try await STTAudio.speech("three thirty in the afternoon"), with: stream).final
        // The grammar shows in every word being one of its own, and the time in the words (this
        // is about the option, not accuracy, which the closed-loop tests measure).
        #expect(time.text.contains("three thirty"), "\(time.text)")
        #expect(time.text.split(separator: " ").allSatisfy { SlotGrammar.time.vocabulary.contains(String($0)) }, "\(time.text)")
    }

    @Test func poolHandsOutReadyDecodersAndTakesThemBack() async throws {
        let (recognizer, work) = try Self.recognizer("stt-pool", ready: 2)
        defer { try? FileManager.default.removeItem(at: work) }
        await recognizer.prewarm()
        #expect(recognizer.statistics.decodersCreated == 2)

        let audio = try await STTAudio.speech("what's my balance")
        for _ in 0..<5 {
            let stream = try recognizer.makeStream()
            _ = try STTDecode.transcribe(audio, with: stream)
            stream.close()
            stream.close()  // twice is harmless
            #expect(throws: SpeechRecognitionError.streamClosed) { try stream.finish() }
        }
        await recognizer.prewarm()
        let statistics = recognizer.statistics
        #expect(statistics.streamsOpened == 5)
        #expect(statistics.streamsFromPool == 5)
        #expect(statistics.decodersCreated <= 3, "closed streams' decoders are reused: \(statistics)")
    }

    @Test func concurrentStreamsEachHaveTheirOwnDecoder() async throws {
        let (recognizer, work) = try Self.recognizer("stt-concurrent", ready: 3)
        defer { try? FileManager.default.removeItem(at: work) }
        await recognizer.prewarm()
        let sentences = ["what's my balance", "I want to pay my bill", "can I talk to a real person"]
        var audio: [[Int16]] = []
        for sentence in sentences { audio.append(try await STTAudio.speech(sentence)) }
        let streams = try sentences.map { _ in try recognizer.makeStream(options: RecognitionOptions(channel: .wideband)) }
        // Interleave the three calls chunk by chunk on different threads.
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in sentences.indices {
                let (stream, samples) = (streams[index], audio[index])
                group.addTask { (index, try STTDecode.transcribe(samples, with: stream).final.text) }
            }
            var texts = [String](repeating: "", count: sentences.count)
            for try await (index, text) in group { texts[index] = text }
            return texts
        }
        streams.forEach { $0.close() }
        // A word may be misheard (accuracy is the closed-loop tests' business); streams that mixed
        // up their decoders would be far off.
        for (result, sentence) in zip(results, sentences) {
            #expect(Self.wordEdits(result, TranscriptNormalizer.normalize(sentence)) <= 1, "\(result) for \(sentence)")
        }
    }

    /// Word-level edit distance between two transcripts.
    static func wordEdits(_ heard: String, _ expected: String) -> Int {
        let a = heard.split(separator: " "), b = expected.split(separator: " ")
        var previous = Array(0...b.count)
        for (i, word) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, other) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == other ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    @Test func rebuildSwapsTheModelWhileRunningStreamsKeepTheirs() async throws {
        let (recognizer, work) = try Self.recognizer("stt-rebuild", ready: 1)
        defer { try? FileManager.default.removeItem(at: work) }
        let old = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband))
        let before = recognizer.report
        let foldersBefore = try FileManager.default.contentsOfDirectory(atPath: work.path).count

        try await recognizer.rebuild(phrases: Self.phrases + ["I'd like a pedicure appointment"])
        #expect(recognizer.report.vocabularySize == before.vocabularySize + 3)  // i'd, like, pedicure
        #expect(recognizer.statistics.rebuilds == 1)

        // The running stream keeps the old model (which has no "pedicure"); a new one gets the new.
        // (Within one word: accuracy is the closed-loop tests' business.)
        let pedicureAudio = try await STTAudio.speech("I'd like a pedicure appointment")
        let audio = try await STTAudio.speech("what's my balance")
        let balance = try STTDecode.transcribe(audio, with: old).final.text
        #expect(Self.wordEdits(balance, "what's my balance") <= 1, "\(balance)")
        let fresh = try recognizer.makeStream(options: RecognitionOptions(channel: .wideband))
        let pedicure = try STTDecode.transcribe(pedicureAudio, with: fresh).final
        #expect(pedicure.text.contains("pedicure"), "\(pedicure.text)")
        #expect(Self.wordEdits(pedicure.text, "i'd like a pedicure appointment") <= 1, "\(pedicure.text)")
        fresh.close()

        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).count == foldersBefore + 1)
        old.close()  // the last user of the old build: its decoder and files go
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).count == foldersBefore)
    }

    @Test func missingModelNamesThePackage() {
        let configuration = PocketSphinxConfiguration(modelDirectory: URL(fileURLWithPath: "/nonexistent/en-us"))
        do {
            _ = try PocketSphinxRecognizer(phrases: ["hello"], configuration: configuration)
            Issue.record("expected an error")
        } catch let error as SpeechRecognitionError {
            #expect(error.isModelMissing)
            #expect(error.description.contains("pocketsphinx-en-us"))
            #expect(error.description.contains("/nonexistent/en-us/en-us/mdef"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
