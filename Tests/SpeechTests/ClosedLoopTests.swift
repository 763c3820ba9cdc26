import Foundation
import Glibc
import Speech
import Testing
import TestSupport

/// Text → Flite (16 kHz) → 8 kHz G.711 μ-law → 16 kHz + band fill → PocketSphinx must give the
/// words back, with the domain model of the bundled skills' example phrases (read from the
/// plugins' sources; the development sentences themselves are not in the model). Each sentence
/// is decoded as a call of its own, the hardest case for the phone channel's starting `-cmninit`.
@Suite("Closed loop: TTS → phone line → STT", .serialized)
struct ClosedLoopTests {
    /// Where recognizers of the measurements write their models (a fresh folder per process).
    static let work = try! TestPaths.temporaryDirectory("stt-closed-loop")

    /// Caller sentences written for these tests and kept out of every tuning step (band fill,
    /// `-cmninit`, decoder options, conversational core): a check that the figures on
    /// speech-dev.txt are not tuned to its sentences.
    static let heldOut = [
        "hi I'd like to make an appointment for Thursday afternoon", "do you have any openings tomorrow morning",
        "I need to move my appointment to next Friday", "can you cancel my booking for Wednesday",
        "what time is my appointment on Monday", "are you open on Sunday", "what time do you close on Friday",
        "how much is my bill this month", "I'd like to pay my balance with my card", "did you receive my payment last week",
        "there's a late fee on my bill I don't understand", "I want to pay one hundred dollars",
        "I need to change my email address", "my new phone number is five five five two four six eight",
        "can you read back the email you have for me", "I'd like to speak to a manager please",
        "can you transfer me to someone at the front desk", "no I said Tuesday not Thursday", "yes please go ahead",
        "that's everything thank you", "sorry can you say that again", "um I'm not sure",
        "can I book a cleaning at ten thirty", "is two o'clock available", "my account number is three eight one five",
        "I want to dispute a charge from last month", "when is my next appointment", "please send it to my new email",
        "I'd like to come in on the fifteenth", "hello is anyone there",
    ]

    static let answers = [
        "yes", "no", "yes that's right", "no thanks", "yeah", "nope", "sure", "that's correct", "no that's not right",
        "yes please", "no thank you", "absolutely", "go ahead", "not really", "yeah that's fine", "no that's wrong",
    ]
    static let digitStrings = [
        "four two seven nine one", "five five five one two three four", "oh eight one six", "three three nine zero",
        "seven two", "nine eight seven six five four", "one zero zero four", "six one eight", "two two five nine",
        "eight oh three one seven",
    ]

    /// A recognizer of the bundled skills' phrases, its files removed afterwards.
    static func withRecognizer<Result>(_ body: (PocketSphinxRecognizer) async throws -> Result) async throws -> Result {
        let work = try TestPaths.temporaryDirectory("stt-loop")
        defer { try? FileManager.default.removeItem(at: work) }
        let recognizer = try PocketSphinxRecognizer(
            phrases: STTBundledPhrases.all,
            configuration: PocketSphinxConfiguration(workDirectory: work, readyDecoders: 1)
        )
        return try await body(recognizer)
    }

    /// Speaks each sentence (Flite rendition `seed`), sends it through the channel and decodes it
    /// as a call of its own; returns the word errors and the sentences not heard exactly.
    static func score(_ sentences: [String], channel: AudioChannel, grammar: SlotGrammar? = nil, seed: UInt32 = 1,
                      recognizer: PocketSphinxRecognizer) async throws -> (WordErrors, [(said: String, heard: String)]) {
        var errors = WordErrors()
        var misses: [(said: String, heard: String)] = []
        for sentence in sentences {
            var audio = try await STTAudio.speech(sentence, seed: seed)
            if channel == .telephone { audio = try STTAudio.phonePath(audio) }
            let stream = try recognizer.makeStream(options: RecognitionOptions(channel: channel, grammar: grammar))
            let heard = try STTDecode.transcribe(audio, with: stream).final.text
            stream.close()
            errors.add(reference: sentence, hypothesis: heard)
            if TranscriptNormalizer.normalize(sentence) != heard { misses.append((sentence, heard)) }
        }
        return (errors, misses)
    }

    /// Three renditions of each sentence (each seed of Flite's excitation noise sounds a little
    /// different); the rate over all three must stay within the issue's 15%.
    @Test func phonePathWordErrorRateOnTheDevelopmentSentences() async throws {
        let sentences = try STTAudio.lines("speech-dev.txt")
        #expect(sentences.count >= 40)
        try await Self.withRecognizer { recognizer in
            var total = WordErrors()
            for seed: UInt32 in 1...3 {
                let (errors, misses) = try await Self.score(sentences, channel: .telephone, seed: seed, recognizer: recognizer)
                print("phone path WER, speech-dev.txt, bundled skills' domain LM, rendition \(seed): \(errors)")
                if seed == 1 { for miss in misses { print("  said: \(miss.said)\n  heard: \(miss.heard)") } }
                total.errors += errors.errors
                total.words += errors.words
            }
            print("phone path WER over three renditions: \(total)")
            // Each rendition is the same audio on every run, whatever else the suite synthesises,
            // so this figure only moves when the code does (12.3% with `-topn 8 -ds 2`; 13.9% when
            // this bound was set, with `-topn 8` alone): the bound is the issue's 15%.
            #expect(total.rate <= 0.15, "phone-path WER \(total)")
        }
    }

    @Test func widebandWordErrorRateOnTheDevelopmentSentences() async throws {
        try await Self.withRecognizer { recognizer in
            let (errors, misses) = try await Self.score(try STTAudio.lines("speech-dev.txt"), channel: .wideband, recognizer: recognizer)
            print("16 kHz WER, speech-dev.txt, bundled skills' domain LM: \(errors)")
            for miss in misses { print("  said: \(miss.said)\n  heard: \(miss.heard)") }
            #expect(errors.rate <= 0.10, "16 kHz WER \(errors)")
        }
    }

    /// Short commands of each skill, each the first words of a call. ("cancel my booking" is not
    /// among them: its /s/ lies above 4 kHz, the phone line removes it, and the 16 kHz model hears
    /// "can" — see the report of `ClosedLoopMeasurements`.)
    @Test func shortCommandsComeBackExactlyThroughThePhonePath() async throws {
        let commands = [
            "what's my balance", "how much do I owe", "I want to pay my bill", "I need to cancel my appointment",
            "when is my appointment", "what are your hours", "update my phone number", "operator please",
            "talk to a human", "reschedule please",
        ]
        try await Self.withRecognizer { recognizer in
            // Three renditions of each: at most three of the 30 come back other than said (two
            // when this was written: "I want to pay my bill" as "i'd like to pay my bill", and
            // one rendition of "how much do I owe" as "can my child").
            var misses: [(said: String, heard: String)] = []
            for seed: UInt32 in 1...3 {
                misses += try await Self.score(commands, channel: .telephone, seed: seed, recognizer: recognizer).1
            }
            #expect(misses.count <= 3, "\(misses)")
        }
    }

    /// Short answers to "What day…?" and "What time…?" (a weekday alone is where the language
    /// model is weakest on the phone path).
    static let dayAnswers = ["tuesday", "monday", "friday", "next thursday", "tomorrow afternoon", "the third", "wednesday morning"]
    static let timeAnswers = ["three thirty", "half past two", "noon", "ten a.m.", "at four", "quarter to five"]

    @Test func slotGrammarsRecoverAnswersThroughThePhonePath() async throws {
        try await Self.withRecognizer { recognizer in
            let (yesNo, yesNoMisses) = try await Self.score(Self.answers, channel: .telephone, grammar: .yesNo, recognizer: recognizer)
            let (digits, digitMisses) = try await Self.score(Self.digitStrings, channel: .telephone, grammar: .digits, recognizer: recognizer)
            let (days, dayMisses) = try await Self.score(Self.dayAnswers, channel: .telephone, grammar: .date, recognizer: recognizer)
            let (times, timeMisses) = try await Self.score(Self.timeAnswers, channel: .telephone, grammar: .time, recognizer: recognizer)
            print("phone path, yes/no grammar: \(yesNo) \(yesNoMisses); digits grammar: \(digits) \(digitMisses)")
            print("phone path, date grammar: \(days) \(dayMisses); time grammar: \(times) \(timeMisses)")
            #expect(yesNo.rate <= 0.10, "\(yesNoMisses)")
            // Measured 9.1% and 7.7% (one miss each: "monday" heard as "nineteenth", an
            // inserted "a.m."); a weekday alone through the language model fails far more often.
            #expect(days.rate <= 0.25, "\(dayMisses)")
            #expect(times.rate <= 0.25, "\(timeMisses)")
            // Measured 13.6–15.9% (the language model alone: 38.6%); the bound leaves room for
            // Flite's run-to-run variation.
            #expect(digits.rate <= 0.20, "\(digitMisses)")
        }
    }
}

/// Measurements behind the constants and the figures reported for the recognizer; they print
/// tables and assert nothing about time. Run with SMARTDESK_STT_MEASURE=1.
@Suite("Closed loop: measurements", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["SMARTDESK_STT_MEASURE"] == "1"))
struct ClosedLoopMeasurements {
    /// 16 kHz speech and the same speech after the line (8 kHz μ-law, decoded), per sentence.
    static func lineAudio(_ sentences: [String], seed: UInt32 = 1) async throws -> [(wideband: [Int16], line: [Int16])] {
        var result: [(wideband: [Int16], line: [Int16])] = []
        for sentence in sentences {
            let audio = try await STTAudio.speech(sentence, seed: seed)
            let down = try Resampler(from: 16_000, to: 8000)
            result.append((audio, G711Law.muLaw.decode(G711Law.muLaw.encode(down.process(audio) + down.flush()))))
        }
        return result
    }

    static func upsample(_ line: [Int16], level: Double, spectrum: PhoneBandFill.Spectrum) throws -> [Int16] {
        var up = try PhoneAudioUpsampler(level: level, spectrum: spectrum)
        return up.process(line) + up.flush()
    }

    static func recognizer(cepstralMean: [Float]) throws -> PocketSphinxRecognizer {
        try PocketSphinxRecognizer(
            phrases: STTBundledPhrases.all,
            configuration: PocketSphinxConfiguration(workDirectory: ClosedLoopTests.work, readyDecoders: 1, telephoneCepstralMean: cepstralMean)
        )
    }

    static func format(_ vector: [Float]) -> String {
        vector.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    }

    static let modelMean: [Float] = [41.00, -5.29, -0.12, 5.09, 2.48, -4.07, -1.37, -1.78, -5.08, -2.05, -6.45, -1.42, 1.17]

    /// The phone channel's cepstral mean for a band fill: the decoder's live estimate after each
    /// utterance of one stream that starts from the model's own `-cmninit` and runs through every
    /// third bundled example phrase, averaged over the second half of the utterances.
    static func measureCepstralMean(_ calibration: [[Int16]], level: Double, spectrum: PhoneBandFill.Spectrum) throws -> [Float] {
        let measuring = try recognizer(cepstralMean: modelMean)
        let stream = try measuring.makePocketSphinxStream(options: RecognitionOptions(channel: .wideband))
        defer { stream.close() }
        var means: [[Float]] = []
        for line in calibration {
            _ = try STTDecode.transcribe(try upsample(line, level: level, spectrum: spectrum), with: stream)
            means.append(stream.cepstralMean)
        }
        let tail = means.suffix(means.count / 2)
        return (0..<13).map { index in tail.reduce(0) { $0 + $1[index] } / Float(tail.count) }
    }

    /// Word errors on `audio` with each sentence a call of its own (a fresh stream, so the
    /// starting cepstral mean counts as it does on the first turn of a call).
    static func wordErrors(_ sentences: [String], _ audio: [[Int16]], recognizer: PocketSphinxRecognizer,
                           channel: AudioChannel = .telephone) throws -> WordErrors {
        var errors = WordErrors()
        let verbose = ProcessInfo.processInfo.environment["SMARTDESK_STT_VERBOSE"] == "1"
        for (sentence, samples) in zip(sentences, audio) {
            let stream = try recognizer.makeStream(options: RecognitionOptions(channel: channel))
            let heard = try STTDecode.transcribe(samples, with: stream).final.text
            errors.add(reference: sentence, hypothesis: heard)
            if verbose && heard != TranscriptNormalizer.normalize(sentence) { print("  said: \(sentence)\n  heard: \(heard)") }
            stream.close()
        }
        return errors
    }

    /// What a grammar and the language model make of the same phone audio, in kind and out of
    /// kind: both texts, both mean acoustic scores per frame (nats) and their difference, and what
    /// `SlotGrammar.choose` takes. Behind the rule and threshold of `choose`.
    @Test func slotAnswerChoice() async throws {
        try await ClosedLoopTests.withRecognizer { recognizer in
            let inKind: [SlotGrammar: [String]] = [
                .yesNo: ClosedLoopTests.answers, .digits: ClosedLoopTests.digitStrings,
                .date: ClosedLoopTests.dayAnswers, .time: ClosedLoopTests.timeAnswers,
            ]
            let elsewhere = ["what are your opening hours", "can I talk to a real person", "I'm not sure",
                             "actually I want to pay my bill", "how much do I owe", "sorry what was that",
                             "can we go back", "I need to cancel my appointment"]
            for grammar in SlotGrammar.allCases {
                let others = SlotGrammar.allCases.filter { $0 != grammar }.flatMap { inKind[$0]!.prefix(4) } + elsewhere
                for (kind, sentences) in [("in kind", inKind[grammar]!), ("out of kind", others)] {
                    for sentence in sentences {
                        let audio = try STTAudio.phonePath(try await STTAudio.speech(sentence))
                        let forced = try recognizer.makeStream(options: RecognitionOptions(grammar: grammar))
                        let free = try recognizer.makeStream()
                        let g = try STTDecode.transcribe(audio, with: forced).final.text
                        let l = try STTDecode.transcribe(audio, with: free).final.text
                        let choice = grammar.choose(grammar: g, languageModel: l)
                        forced.close(); free.close()
                        let right = (kind == "in kind") == (choice.source == .grammar)
                        print("\(right ? "ok " : "BAD") \(grammar.rawValue) \(kind) | said \"\(sentence)\" | grammar \"\(g)\" | lm \"\(l)\" | took \(choice.source.rawValue): \"\(choice.text)\"")
                    }
                }
            }
        }
    }

    /// Phone-path word error rate per band fill on speech-dev.txt and the held-out sentences
    /// together, each sentence a new call, over several renditions of the speech (Flite seeds):
    /// with the model's `-cmninit` (first seed only) and with the one measured for that fill.
    /// SMARTDESK_STT_FILLS picks the fills ("white:-50,highBand:-35"), SMARTDESK_STT_SEEDS the
    /// renditions ("1,2,3"), SMARTDESK_STT_ARGS adds decoder option sets separated by "|".
    @Test func bandFillAndCepstralMean() async throws {
        let environment = ProcessInfo.processInfo.environment
        let fills: [(PhoneBandFill.Spectrum, Double)] = (environment["SMARTDESK_STT_FILLS"]
            ?? "white:-200,white:-60,white:-55,white:-50,white:-45,highBand:-45,highBand:-40,highBand:-35,highBand:-30")
            .split(separator: ",").map { item in
                let parts = item.split(separator: ":")
                return (PhoneBandFill.Spectrum(rawValue: String(parts[0]))!, Double(parts[1])!)
            }
        let seeds = (environment["SMARTDESK_STT_SEEDS"] ?? "1,2,3").split(separator: ",").compactMap { UInt32($0) }
        let argumentSets = (environment["SMARTDESK_STT_ARGS"] ?? "").split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.split(separator: " ").map(String.init) }
        let calibration = try await Self.lineAudio(STTBundledPhrases.all.enumerated().filter { $0.offset % 6 == 0 }.map(\.element)).map(\.line)
        let sentences = try STTAudio.lines("speech-dev.txt") + ClosedLoopTests.heldOut
        var renditions: [[[Int16]]] = []
        for seed in seeds { renditions.append(try await Self.lineAudio(sentences, seed: seed).map(\.line)) }
        print("| fill | decoder options | WER, model cmninit (seed \(seeds[0])) | WER per seed, measured cmninit | all seeds | measured cmninit |")
        for (spectrum, level) in fills {
            var measured = try Self.measureCepstralMean(calibration, level: level, spectrum: spectrum)
            if environment["SMARTDESK_STT_CMN"] == "constant" { measured = PocketSphinxConfiguration.measuredTelephoneCepstralMean }
            let audio = try renditions.map { try $0.map { try Self.upsample($0, level: level, spectrum: spectrum) } }
            for (index, arguments) in argumentSets.enumerated() {
                func recognizer(_ mean: [Float]) throws -> PocketSphinxRecognizer {
                    try PocketSphinxRecognizer(
                        phrases: STTBundledPhrases.all,
                        configuration: PocketSphinxConfiguration(workDirectory: ClosedLoopTests.work, readyDecoders: 1,
                                                                 decoderOptions: PocketSphinxConfiguration.defaultDecoderOptions + arguments,
                                                                 telephoneCepstralMean: mean))
                }
                let model = index == 0 ? "\(try Self.wordErrors(sentences, audio[0], recognizer: recognizer(Self.modelMean)))" : "–"
                let tuned = try recognizer(measured)
                let perSeed = try audio.map { try Self.wordErrors(sentences, $0, recognizer: tuned) }
                let total = perSeed.reduce(into: WordErrors()) { $0.errors += $1.errors; $0.words += $1.words }
                print("| \(spectrum) \(level) dBFS | \(arguments.joined(separator: " ")) | \(model) | \(perSeed.map { String(format: "%.1f%%", $0.rate * 100) }.joined(separator: ", ")) | \(total) | \(Self.format(measured)) |")
            }
        }
    }

    /// Phone-path word error rate on speech-dev.txt and on the held-out sentences (three
    /// renditions each, each sentence a new call) for language model variants: the weight of the
    /// skills' phrases against the core and, as an upper bound, the dev sentences in the model.
    @Test func languageModelVariants() async throws {
        let devSentences = try STTAudio.lines("speech-dev.txt")
        var dev: [[Int16]] = [], heldOut: [[Int16]] = []
        for seed: UInt32 in 1...3 {
            dev += try await Self.lineAudio(devSentences, seed: seed).map { try STTAudio.phonePath($0.wideband) }
            heldOut += try await Self.lineAudio(ClosedLoopTests.heldOut, seed: seed).map { try STTAudio.phonePath($0.wideband) }
        }
        print("| phrases | weight | vocabulary | WER speech-dev | WER held-out |")
        for (name, phrases) in [("bundled", STTBundledPhrases.all), ("bundled + dev", STTBundledPhrases.all + devSentences)] {
            for weight in [1, 2] {
                let recognizer = try PocketSphinxRecognizer(
                    phrases: phrases,
                    configuration: PocketSphinxConfiguration(workDirectory: ClosedLoopTests.work, phraseWeight: weight, readyDecoders: 1))
                let errors = try Self.wordErrors(devSentences + devSentences + devSentences, dev, recognizer: recognizer)
                let heldOutErrors = try Self.wordErrors(ClosedLoopTests.heldOut + ClosedLoopTests.heldOut + ClosedLoopTests.heldOut, heldOut, recognizer: recognizer)
                print("| \(name) | \(weight) | \(recognizer.report.vocabularySize) | \(errors) | \(heldOutErrors) |")
            }
        }
    }

    static func residentBytes() -> Int {
        let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ") ?? []
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) * 1e-15
    }

    static func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return "–" }
        return String(format: "p50 %.2f, p90 %.2f, max %.2f", sorted[sorted.count / 2], sorted[sorted.count * 9 / 10], sorted.last!)
    }

    /// Cost figures: LM build, decoder creation with and without the pool, memory per decoder,
    /// real-time factor and the time from the last chunk to the final hypothesis (20 ms chunks,
    /// each sentence a new call), and slot grammars against the language model on answers.
    @Test func costs() async throws {
        let clock = ContinuousClock()
        let configuration = PocketSphinxConfiguration(workDirectory: ClosedLoopTests.work, readyDecoders: 0)
        var builds: [Double] = []
        var recognizer: PocketSphinxRecognizer!
        for _ in 0..<5 {
            recognizer = try PocketSphinxRecognizer(phrases: STTBundledPhrases.all, configuration: configuration)
            builds.append(recognizer.report.buildSeconds * 1000)
        }
        let report = recognizer.report
        print("LM build, \(report.phraseCount) phrases → \(report.vocabularySize) words, n-grams \(report.ngramCounts): ms \(Self.summary(builds)); guessed \(report.guessedPronunciations), unpronounceable \(report.unpronounceableWords)")

        // Without the pool: every stream makes its decoder (they stay open, so none is reused).
        let before = Self.residentBytes()
        var open: [any RecognitionStream] = []
        var inline: [Double] = []
        for _ in 0..<10 {
            let start = clock.now
            open.append(try recognizer.makeStream())
            inline.append(Self.milliseconds(clock.now - start))
        }
        let perDecoder = Double(Self.residentBytes() - before) / 10 / 1_048_576
        open.forEach { $0.close() }
        open.removeAll()
        print("decoder creation without the pool, ms: \(Self.summary(inline)); resident memory per decoder: \(String(format: "%.1f", perDecoder)) MB")

        let arguments = (ProcessInfo.processInfo.environment["SMARTDESK_STT_ARGS"] ?? "").split(separator: " ").map(String.init)
        let pooled = try PocketSphinxRecognizer(
            phrases: STTBundledPhrases.all,
            configuration: PocketSphinxConfiguration(workDirectory: ClosedLoopTests.work, readyDecoders: 10, maximumIdleDecoders: 10,
                                                     decoderOptions: PocketSphinxConfiguration.defaultDecoderOptions + arguments))
        await pooled.prewarm()
        var fromPool: [Double] = []
        for _ in 0..<10 {
            let start = clock.now
            open.append(try pooled.makeStream())
            fromPool.append(Self.milliseconds(clock.now - start))
        }
        open.forEach { $0.close() }
        print("stream from the pool (ready decoder, reset), ms: \(Self.summary(fromPool)); \(pooled.statistics)")

        let devSentences = try STTAudio.lines("speech-dev.txt")
        let lines = try await Self.lineAudio(devSentences)
        let answers = try await Self.lineAudio(ClosedLoopTests.answers)
        let digits = try await Self.lineAudio(ClosedLoopTests.digitStrings)
        func run(_ name: String, _ sentences: [String], _ audio: [[Int16]], channel: AudioChannel, grammar: SlotGrammar?) throws {
            var errors = WordErrors()
            var decodeTime = 0.0, audioTime = 0.0
            var finals: [Double] = []
            for (sentence, samples) in zip(sentences, audio) {
                let stream = try pooled.makeStream(options: RecognitionOptions(channel: channel, grammar: grammar))
                var start = 0
                while start < samples.count {
                    let chunk = Array(samples[start..<min(start + 320, samples.count)])
                    let began = clock.now
                    _ = try stream.accept(chunk)
                    decodeTime += Self.milliseconds(clock.now - began)
                    start += 320
                }
                let began = clock.now
                let final = try stream.finish()
                let finishing = Self.milliseconds(clock.now - began)
                decodeTime += finishing
                finals.append(finishing)
                audioTime += Double(samples.count) / 16
                errors.add(reference: sentence, hypothesis: final.text)
                if ProcessInfo.processInfo.environment["SMARTDESK_STT_VERBOSE"] == "1", final.text != TranscriptNormalizer.normalize(sentence) {
                    print("  said: \(sentence)\n  heard: \(final.text)")
                }
                stream.close()
            }
            print("| \(name) | \(errors) | \(String(format: "%.3f", decodeTime / audioTime)) | \(Self.summary(finals)) |")
        }
        print("decoder options: \(arguments)")
        print("| audio, search | WER | real-time factor | final after last chunk, ms |")
        try run("phone path, domain LM (speech-dev)", devSentences, lines.map { try STTAudio.phonePath($0.wideband) }, channel: .telephone, grammar: nil)
        try run("16 kHz, domain LM (speech-dev)", devSentences, lines.map(\.wideband), channel: .wideband, grammar: nil)
        try run("phone path, domain LM (answers)", ClosedLoopTests.answers, answers.map { try STTAudio.phonePath($0.wideband) }, channel: .telephone, grammar: nil)
        try run("phone path, yes/no grammar (answers)", ClosedLoopTests.answers, answers.map { try STTAudio.phonePath($0.wideband) }, channel: .telephone, grammar: .yesNo)
        try run("16 kHz, yes/no grammar (answers)", ClosedLoopTests.answers, answers.map(\.wideband), channel: .wideband, grammar: .yesNo)
        try run("phone path, domain LM (digits)", ClosedLoopTests.digitStrings, digits.map { try STTAudio.phonePath($0.wideband) }, channel: .telephone, grammar: nil)
        try run("phone path, digits grammar (digits)", ClosedLoopTests.digitStrings, digits.map { try STTAudio.phonePath($0.wideband) }, channel: .telephone, grammar: .digits)
        try run("16 kHz, digits grammar (digits)", ClosedLoopTests.digitStrings, digits.map(\.wideband), channel: .wideband, grammar: .digits)
    }
}
