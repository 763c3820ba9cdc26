import Core
import CSynthesisNoise
import Foundation
@testable import Speech
import Locks
import Testing
import TestSupport

/// Text to speech: sentence splitting, the normaliser (checked against the words Flite actually
/// reads), voice settings and styles, and real synthesis through Flite.
enum TTSTests {}

// MARK: - Sentence chunker

extension TTSTests {
    @Suite struct Chunker {
        static let cases: [(String, [String])] = [
            ("Hello there. How can I help?", ["Hello there.", "How can I help?"]),
            ("Dr. Lee can see you at 3:30 P.M. Shall I book it?", ["Dr. Lee can see you at 3:30 P.M.", "Shall I book it?"]),
            ("We open at 9 a.m. tomorrow and close at 5 p.m. on Friday.", ["We open at 9 a.m. tomorrow and close at 5 p.m. on Friday."]),
            ("Your balance is $42.50. Would you like to pay it now?", ["Your balance is $42.50.", "Would you like to pay it now?"]),
            ("Bring a form of ID, e.g. a driver's license. Thanks!", ["Bring a form of ID, e.g. a driver's license.", "Thanks!"]),
            ("Your visit is on Dec. 3 at 10. See you then.", ["Your visit is on Dec. 3 at 10.", "See you then."]),
            ("Call ext. 204 or room no. 5. Goodbye.", ["Call ext. 204 or room no. 5.", "Goodbye."]),
            ("Mr. and Mrs. J. Smith are booked. Anything else?", ["Mr. and Mrs. J. Smith are booked.", "Anything else?"]),
            ("The rate is 3.5 percent. Okay?", ["The rate is 3.5 percent.", "Okay?"]),
            ("Really?! That's great.", ["Really?!", "That's great."]),
            ("He said \"done.\" Then he left.", ["He said \"done.\"", "Then he left."]),
            ("Wait... Let me check.", ["Wait...", "Let me check."]),
            ("First line\n\nSecond line", ["First line", "Second line"]),
            ("   ", []),
            ("No punctuation at all", ["No punctuation at all"]),
            ("You owe 42 dollars. 10 of it is late fees.", ["You owe 42 dollars.", "10 of it is late fees."]),
        ]

        @Test("splits sentences, not abbreviations, decimals or times", arguments: cases)
        func splits(text: String, expected: [String]) {
            #expect(SentenceChunker.split(text) == expected)
        }

        @Test("text arriving in pieces splits the same as whole text")
        func incremental() {
            for (text, expected) in Self.cases {
                // One character at a time, then in odd splits.
                for size in [1, 2, 3, 7, 1000] {
                    var chunker = SentenceChunker()
                    var sentences: [String] = []
                    var rest = Substring(text)
                    while !rest.isEmpty {
                        sentences += chunker.append(String(rest.prefix(size)))
                        rest = rest.dropFirst(size)
                    }
                    sentences += chunker.finish()
                    #expect(sentences == expected, "piece size \(size): \(text)")
                }
            }
        }

        @Test("a sentence is released only once the text after it shows it has ended")
        func waitsForTheNextCharacter() {
            var chunker = SentenceChunker()
            #expect(chunker.append("Your total is $42.") == [])
            #expect(chunker.append("50. Anything") == ["Your total is $42.50."])
            #expect(chunker.append(" else?") == [])
            #expect(chunker.finish() == ["Anything else?"])
            #expect(chunker.finish() == [])
        }

        @Test("a long sentence is cut at a clause break within the limit")
        func longSentences() {
            let text = "I can offer you Monday at nine, Tuesday at ten thirty, Wednesday at two in the afternoon, "
                + "Thursday at four, or Friday first thing in the morning before the office gets busy."
            let sentences = SentenceChunker.split(text, maxLength: 80)
            #expect(sentences.count >= 2)
            #expect(sentences.allSatisfy { $0.count <= 80 })
            #expect(sentences.dropLast().allSatisfy { $0.hasSuffix(",") })
            #expect(sentences.joined(separator: " ") == text)

            // While a long sentence is still arriving, its finished clauses go ahead.
            var chunker = SentenceChunker(maxLength: 80)
            let early = chunker.append(String(text.prefix(120)))
            #expect(early.count == 1 && early[0].hasSuffix(","))
        }
    }
}

// MARK: - Normaliser

extension TTSTests {
    @Suite struct Normalizer {
        static let cases: [(String, String)] = [
            // Money
            ("Your balance is $42.50.", "Your balance is 42 dollars and 50 cents."),
            ("That's $1.", "That's 1 dollar."),
            ("Only $0.99!", "Only 99 cents!"),
            ("A fee of $1.01", "A fee of 1 dollar and 1 cent"),
            ("$1,234.05 is due", "1,234 dollars and 5 cents is due"),
            ("($5)", "(5 dollars)"),
            ("$42.5", "42 dollars and 50 cents"),
            ("$2.5 million", "2.5 million dollars"),
            ("$0", "0 dollars"),
            // Phone numbers
            ("Call +15551230001.", "Call 5 5 5, 1 2 3, 0 0 0 1."),
            ("Call (555) 123-0001 today", "Call 5 5 5, 1 2 3, 0 0 0 1 today"),
            ("555-123-0001", "5 5 5, 1 2 3, 0 0 0 1"),
            ("+1 555 123 0001", "5 5 5, 1 2 3, 0 0 0 1"),
            ("1-800-555-0199", "1, 8 0 0, 5 5 5, 0 1 9 9"),
            ("+44 20 7946 0958", "plus 4 4, 2 0, 7 9 4 6, 0 9 5 8"),
            ("dial 555-1234, then", "dial 5 5 5, 1 2 3 4, then"),
            ("555-1234 20 times", "5 5 5, 1 2 3 4 20 times"),
            ("On 2024-12-03", "On 2024-12-03"),
            // Digit strings and confirmation codes
            ("Account 42791", "Account 4 2 7 9 1"),
            ("5551230001", "5 5 5, 1 2 3, 0 0 0 1"),
            ("In 2024 we", "In 2024 we"),
            ("Your code is A-1001.", "Your code is A, 1 0 0 1."),
            ("Ref AB12CD", "Ref A B, 1 2, C D"),
            ("INV-2024-0042", "I N V, 2 0 2 4, 0 0 4 2"),
            ("the 1st and 22nd", "the 1st and 22nd"),
            ("5kg and 10min", "5kg and 10min"),
            ("COVID", "COVID"),
            // Times
            ("at 11am", "at 11 A M"),
            ("at 11 AM", "at 11 A M"),
            ("at 3:30 p.m. tomorrow", "at 3:30 P M tomorrow"),
            ("at 3:30 P.M.", "at 3:30 P M."),
            ("open 9am-5pm", "open 9 A M to 5 P M"),
            ("3:30-4:00", "3:30 to 4:00"),
            ("I am here", "I am here"),
            // Dates and abbreviations
            ("on Dec 3", "on December 3"),
            ("on Dec. 3rd", "on December 3rd"),
            ("3 Jan", "3 January"),
            ("Jan Smith", "Jan Smith"),
            ("Tue, Dec 3", "Tuesday, December 3"),
            ("I sat down", "I sat down"),
            ("Sat, Dec 7", "Saturday, December 7"),
            ("Bring ID, e.g. a license", "Bring ID, for example a license"),
            ("your appt on Mon", "your appointment on Monday"),
            ("Apt. 4B", "apartment 4, B"),
            ("Ms. Lopez", "Miz Lopez"),
            ("ticket #4", "ticket number 4"),
            ("you & me", "you and me"),
            ("Write to maria.lopez@mail.com.", "Write to maria dot lopez at mail dot com."),
            ("Dr. Lee at 10:00.", "Dr. Lee at 10:00."),
        ]

        @Test("money, phone numbers, codes, times, dates and abbreviations", arguments: cases)
        func rewrites(text: String, expected: String) {
            #expect(SpeechNormalizer.normalize(text) == expected)
        }

        /// What Flite reads for normalised text: the rewrites must make it say the right words.
        static let spoken: [(String, String)] = [
            ("Your balance is $42.50.", "your balance is forty two dollars and fifty cents"),
            ("Only $0.99.", "only ninety nine cents"),
            ("Call +15551230001.", "call five five five one two three zero zero zero one"),
            ("Your code is A-1001.", "your code is _a one zero zero one"),
            ("Your code is BA-27.", "your code is b _a two seven"),
            ("Ref AB12CD", "ref _a b one two c d"),
            ("Account 42791", "account four two seven nine one"),
            ("See you at 11 AM.", "see you at eleven _a m"),
            ("See you at 3:30 P.M. on Dec 3.", "see you at three thirty p m on december third"),
            ("Your appt is on Tue.", "your appointment is on tuesday"),
            ("Write to maria.lopez@mail.com.", "write to maria dot lopez at mail dot com"),
        ]

        @Test("Flite reads the rewritten text as intended", arguments: spoken)
        func fliteReads(text: String, expected: String) throws {
            let synthesizer = try TTSTests.synthesizer()
            let words = try synthesizer.words(for: SpeechNormalizer.normalize(text))
            #expect(words.joined(separator: " ") == expected)
        }
    }
}

// MARK: - Settings and styles

extension TTSTests {
    @Suite struct Settings {
        @Test("settings outside their ranges are refused with the range in the message")
        func invalidSettings() throws {
            #expect(throws: VoiceSettingsError.self) { try VoiceSettings(rate: 3) }
            #expect(throws: VoiceSettingsError.self) { try VoiceSettings(rate: 0.2) }
            #expect(throws: VoiceSettingsError.self) { try VoiceSettings(rate: .nan) }
            #expect(throws: VoiceSettingsError.self) { try VoiceSettings(pitch: 0) }
            #expect(throws: VoiceSettingsError.self) { try VoiceSettings(pitch: .infinity) }
            do {
                _ = try VoiceSettings(rate: 3)
                Issue.record("rate 3 accepted")
            } catch {
                #expect("\(error)" == "rate 3.0 is outside 0.5...2.0 (1 is the voice's natural pace, 1.2 is 20% faster)")
            }
            do {
                _ = try VoiceSettings(pitch: 2)
                Issue.record("pitch 2 accepted")
            } catch {
                #expect("\(error)".hasPrefix("pitch 2.0 is outside 0.6...1.6"))
            }
            let settings = try VoiceSettings(rate: 1.25, pitch: 0.9)
            #expect(settings.rate == 1.25 && settings.pitch == 0.9)
            #expect(settings.durationStretch == 0.8)
            #expect(VoiceSettings.natural == (try VoiceSettings()))
        }

        @Test("styles: calm is slower and lower, brisk is faster, neutral is the brand")
        func styles() throws {
            let brand = try VoiceSettings(rate: 1.1, pitch: 0.95)
            let style = VoiceStyle(brand: brand)
            #expect(style.settings(for: .neutral) == brand)
            let calm = style.settings(for: .calm)
            #expect(calm.rate < brand.rate && calm.pitch < brand.pitch)
            let brisk = style.settings(for: .brisk)
            #expect(brisk.rate > brand.rate && brisk.pitch == brand.pitch)
            #expect(abs(calm.rate - 1.1 * 0.88) < 1e-9)

            // Adjustments stay inside the accepted ranges.
            let extreme = VoiceStyle(brand: try VoiceSettings(rate: 2, pitch: 0.6))
            #expect(extreme.settings(for: .brisk).rate == 2)
            #expect(extreme.settings(for: .calm).pitch == 0.6)
            for mood in SpeakingStyle.allCases {
                let settings = VoiceStyle().settings(for: mood)
                #expect(VoiceSettings.rateRange.contains(settings.rate) && VoiceSettings.pitchRange.contains(settings.pitch))
            }
        }
    }
}

// MARK: - Synthesis

extension TTSTests {
    /// One engine for the tests that do not need their own.
    static let shared = Mutex<FliteSynthesizer?>(nil)

    static func synthesizer() throws -> FliteSynthesizer {
        try shared.withLock { engine in
            if let engine { return engine }
            let made = try FliteSynthesizer()
            engine = made
            return made
        }
    }

    /// A chunk and when it arrived.
    struct Arrival {
        var chunk: AudioChunk
        var at: ContinuousClock.Instant
    }

    static func collect(_ stream: AsyncThrowingStream<AudioChunk, any Error>) async throws -> [Arrival] {
        var arrivals: [Arrival] = []
        for try await chunk in stream { arrivals.append(Arrival(chunk: chunk, at: .now)) }
        return arrivals
    }

    static func samples(_ text: String, _ settings: VoiceSettings = .natural, engine: FliteSynthesizer? = nil) async throws -> [Int16] {
        try await collect((engine ?? synthesizer()).synthesize(text, voice: settings)).flatMap(\.chunk.samples)
    }

    /// The median pitch in Hz of the clearly voiced 40 ms frames of `samples` (16 kHz), from the
    /// autocorrelation peak between 70 and 400 Hz.
    static func medianPitch(_ samples: [Int16], rate: Int = 16_000) -> Double {
        let frame = rate / 25
        let signal = samples.map(Double.init)
        var frames: [(energy: Double, start: Int)] = []
        var start = 0
        while start + frame <= signal.count {
            frames.append((signal[start..<start + frame].reduce(0) { $0 + $1 * $1 }, start))
            start += frame / 2
        }
        let loudest = frames.sorted { $0.energy > $1.energy }.prefix(max(1, frames.count / 4))
        var pitches: [Double] = []
        for (_, start) in loudest {
            let window = Array(signal[start..<start + frame])
            let zero = window.reduce(0) { $0 + $1 * $1 }
            var best = (lag: 0, value: 0.0)
            for lag in (rate / 400)...(rate / 70) {
                var sum = 0.0
                for index in 0..<(frame - lag) { sum += window[index] * window[index + lag] }
                if sum > best.value { best = (lag, sum) }
            }
            if best.lag > 0, best.value > 0.5 * zero { pitches.append(Double(rate) / Double(best.lag)) }
        }
        pitches.sort()
        return pitches.isEmpty ? 0 : pitches[pitches.count / 2]
    }

    @Suite(.serialized) struct Synthesis {
        static let reply = "Thanks for calling Acme Dental. I can book you in on Tuesday at 3:30 PM. "
            + "Your total will be $42.50. Please bring your insurance card. Is there anything else I can help with? "
            + "We look forward to seeing you."

        @Test("chunks stream: the first sentence's audio arrives long before the reply is done")
        func streamsSentenceBySentence() async throws {
            let engine = try TTSTests.synthesizer()
            _ = try await TTSTests.samples("Warm up.", engine: engine)
            let arrivals = try await TTSTests.collect(engine.synthesize(Self.reply, voice: .natural))
            let chunks = arrivals.map(\.chunk)
            let sentences = Set(chunks.map(\.sentence))
            #expect(sentences == Set(0..<6))

            // In order, small chunks, contiguous within each sentence, one end per sentence.
            let inOrder = chunks.map(\.sentence) == chunks.map(\.sentence).sorted()
            #expect(inOrder)
            #expect(chunks.first!.samples.count <= 600)
            for sentence in sentences {
                let own = chunks.filter { $0.sentence == sentence }
                var offset = 0
                for chunk in own {
                    #expect(chunk.offset == offset)
                    offset += chunk.samples.count
                }
                #expect(own.filter(\.endsSentence).count == 1 && own.last!.endsSentence)
            }

            // The first chunk of sentence 0 came before the last sentence had any audio. (How soon
            // is a figure for `smartdesk bench speech`, not a test: tests run beside others.)
            let first = arrivals.first!.at
            let lastSentenceStart = arrivals.first { $0.chunk.sentence == 5 }!.at
            #expect(first < lastSentenceStart)
        }

        @Test("the length of speech is plausible for the text")
        func plausibleDuration() async throws {
            let text = "Thanks for calling Acme Dental. How can I help you today?"
            let samples = try await TTSTests.samples(text)
            let seconds = Double(samples.count) / 16_000
            let words = text.split(separator: " ").count
            // Conversational speech runs at 2 to 4 words a second.
            #expect(seconds > Double(words) / 4 && seconds < Double(words) / 2, "\(seconds) s for \(words) words")
            #expect(samples.contains { abs(Int($0)) > 3000 }, "audio is not silent")
        }

        @Test("rate stretches and squeezes the duration")
        func rate() async throws {
            let text = "Your appointment is confirmed for Tuesday morning at nine."
            let natural = try await TTSTests.samples(text).count
            let stretched = try await TTSTests.samples(text, try VoiceSettings(rate: 1 / 1.4)).count
            let faster = try await TTSTests.samples(text, try VoiceSettings(rate: 1.4)).count
            let slowRatio = Double(stretched) / Double(natural)
            let fastRatio = Double(faster) / Double(natural)
            #expect(slowRatio > 1.25 && slowRatio < 1.55, "duration stretch 1.4 gave \(slowRatio)")
            #expect(fastRatio > 0.6 && fastRatio < 0.82, "rate 1.4 gave \(fastRatio)")
        }

        @Test("pitch moves the fundamental frequency")
        func pitch() async throws {
            let text = "Good morning, you are all set for Monday."
            let natural = TTSTests.medianPitch(try await TTSTests.samples(text))
            let higher = TTSTests.medianPitch(try await TTSTests.samples(text, try VoiceSettings(pitch: 1.3)))
            let lower = TTSTests.medianPitch(try await TTSTests.samples(text, try VoiceSettings(pitch: 0.75)))
            #expect(natural > 130 && natural < 230, "natural F0 \(natural) Hz")
            #expect(higher / natural > 1.15 && higher / natural < 1.45, "pitch 1.3: \(natural) → \(higher) Hz")
            #expect(lower / natural > 0.65 && lower / natural < 0.88, "pitch 0.75: \(natural) → \(lower) Hz")
        }

        @Test("cancelling the consumer stops the stream and frees the engine")
        func cancellation() async throws {
            let engine = try FliteSynthesizer(configuration: .init(threads: 1))
            // Long enough that the engine cannot finish it before a loaded machine schedules the
            // consumer's cancel (with 4 replies, CI twice had every chunk buffered by then).
            let long = Array(repeating: Self.reply, count: 30).joined(separator: " ")
            let full = try await TTSTests.collect(engine.synthesize(long, voice: .natural)).count

            let firstChunk = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await _ in engine.synthesize(long, voice: .natural) {
                    count += 1
                    if count == 1 { firstChunk.continuation.yield() }
                }
                return count
            }
            for await _ in firstChunk.stream { break }
            let cancelledAt = ContinuousClock.now
            consumer.cancel()
            let delivered = try await consumer.value
            // Liveness only (speed is the benchmark's): the stream ends, it does not run on.
            #expect(ContinuousClock.now - cancelledAt < .seconds(5))
            // (Chunks made before the cancel may still be in the stream's buffer: under a loaded
            // machine that is about half of them, so the bound is "not to the end".)
            #expect(delivered < full, "\(delivered) of \(full) chunks after cancelling")

            // The only thread gave up the cancelled reply: a new one starts at once instead of
            // waiting for 24 sentences.
            let start = ContinuousClock.now
            let next = try await TTSTests.collect(engine.synthesize("Still there?", voice: .natural))
            #expect(!next.isEmpty)
            #expect(next[0].at - start < .seconds(5), "first chunk after \(next[0].at - start)")
        }

        @Test("dropping the stream stops synthesis too")
        func droppingTheStream() async throws {
            let engine = try FliteSynthesizer(configuration: .init(threads: 1))
            let long = Array(repeating: Self.reply, count: 4).joined(separator: " ")
            for try await _ in engine.synthesize(long, voice: .natural) { break }
            let start = ContinuousClock.now
            let next = try await TTSTests.collect(engine.synthesize("Hello again.", voice: .natural))
            #expect(next[0].at - start < .seconds(5), "first chunk after \(next[0].at - start)")
        }

        @Test("several tasks synthesise at once, each getting exactly its own audio")
        func concurrent() async throws {
            let texts = ["Your balance is $42.50.", "I booked you for Tuesday at ten.",
                         "Let me connect you with someone who can help.", "Your confirmation code is A-1001.",
                         "Thanks for calling, goodbye.", "Please hold for a moment."]
            // Alternate settings too: each utterance's rate and pitch must stay its own.
            let quick = try VoiceSettings(rate: 1.2, pitch: 1.1)
            let settings = texts.indices.map { $0.isMultiple(of: 2) ? VoiceSettings.natural : quick }
            let engine = try FliteSynthesizer(configuration: .init(threads: 3))
            var alone: [[Int16]] = []
            for (index, text) in texts.enumerated() {
                alone.append(try await TTSTests.samples(text, settings[index], engine: engine))
            }
            let together = try await withThrowingTaskGroup(of: (Int, [Int16]).self) { group in
                for _ in 0..<3 {
                    for (index, text) in texts.enumerated() {
                        group.addTask { (index, try await TTSTests.samples(text, settings[index], engine: engine)) }
                    }
                }
                return try await group.reduce(into: [(Int, [Int16])]()) { $0.append($1) }
            }
            // Each synthesis thread draws Flite's noise from a sequence of its own, seeded by the
            // sentence: the same text and settings give the same samples, whoever else is speaking.
            #expect(together.count == texts.count * 3)
            for (index, samples) in together {
                #expect(samples == alone[index], "\(texts[index]): audio differs when synthesised concurrently")
            }
        }

        @Test("the noise generator is the host's, and other threads keep the C library's sequence")
        func noiseGenerator() throws {
            #expect(sd_synthesis_noise_is_interposed() != 0, "the linker kept the C library's rand()")
            srand(7)
            let shared = (0..<4).map { _ in rand() }
            sd_synthesis_noise_begin(42)
            let own = (0..<4).map { _ in rand() }
            sd_synthesis_noise_begin(42)
            let again = (0..<4).map { _ in rand() }
            sd_synthesis_noise_end()
            srand(7)
            #expect((0..<4).map { _ in rand() } == shared, "srand/rand outside synthesis behave as before")
            #expect(own == again)
            #expect(own != shared)
            #expect(own.allSatisfy { $0 >= 0 && $0 <= RAND_MAX })
        }

        @Test("each synthesis thread has its own voice object")
        func distinctVoices() throws {
            let voices = try (0..<3).map { _ in try FliteVoice.borrow() }
            defer { voices.forEach(FliteVoice.giveBack) }
            #expect(Set(voices.map(\.address)).count == 3)
        }

        @Test("empty and punctuation-only text give no audio")
        func emptyText() async throws {
            let engine = try TTSTests.synthesizer()
            #expect(try await TTSTests.collect(engine.synthesize("", voice: .natural)).isEmpty)
            #expect(try await TTSTests.collect(engine.synthesize("  ... ?! ", voice: .natural)).isEmpty)
        }
    }
}

// MARK: - Figures

extension TTSTests {
    /// Latency, speed and memory figures for BENCHMARKS.md; run with `SMARTDESK_TTS_BENCH=1`.
    @Suite(.serialized) struct Figures {
        static var enabled: Bool { ProcessInfo.processInfo.environment["SMARTDESK_TTS_BENCH"] != nil }

        static func residentBytes() -> Int {
            guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
            let pages = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }

        static func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
        }

        @Test(.enabled(if: enabled)) func firstChunkAndRealTimeFactor() async throws {
            let lines = try String(contentsOf: TestPaths.sharedFile("speech-dev.txt"), encoding: .utf8)
                .split(separator: "\n").map(String.init).filter { !$0.isEmpty }
            let engine = try FliteSynthesizer()

            func measure(_ text: String) async throws -> (first: Duration, total: Duration, samples: Int) {
                let start = ContinuousClock.now
                var first: Duration?
                var samples = 0
                for try await chunk in engine.synthesize(text, voice: .natural) {
                    if first == nil { first = .now - start }
                    samples += chunk.samples.count
                }
                return (first ?? .zero, .now - start, samples)
            }

            try await Task.sleep(for: .milliseconds(500))  // the threads' warm-up, as at a host's start
            let cold = try await measure(lines[0]).first
            for line in lines { _ = try await measure(line) }  // warm
            var firsts: [Duration] = []
            var byLine: [String: [Duration]] = [:]
            var busy = Duration.zero
            var audio = 0
            for _ in 0..<5 {
                for line in lines {
                    let result = try await measure(line)
                    firsts.append(result.first)
                    byLine[line, default: []].append(result.first)
                    busy += result.total
                    audio += result.samples
                }
            }
            for (line, values) in byLine.sorted(by: { Self.percentile($0.value, 0.5) > Self.percentile($1.value, 0.5) }).prefix(5) {
                print("TTS figures: slowest first chunks: median \(Self.percentile(values, 0.5)) for \"\(line)\"")
            }
            let audioSeconds = Double(audio) / 16_000
            let busySeconds = Double(busy.components.seconds) + Double(busy.components.attoseconds) / 1e18
            print("TTS figures: first chunk cold \(cold); warm over \(firsts.count) sentences p50 \(Self.percentile(firsts, 0.5)), p99 \(Self.percentile(firsts, 0.99)), max \(firsts.max()!)")
            print("TTS figures: real-time factor \(busySeconds / audioSeconds) (\(busySeconds) s for \(audioSeconds) s of audio, one stream at a time)")

            // Several streams at once on the engine's two threads.
            let start = ContinuousClock.now
            let total = try await withThrowingTaskGroup(of: Int.self) { group in
                for line in lines { group.addTask { try await measure(line).samples } }
                return try await group.reduce(0, +)
            }
            let wall = ContinuousClock.now - start
            let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
            print("TTS figures: \(lines.count) streams at once: \(wallSeconds) s wall for \(Double(total) / 16_000) s of audio (aggregate RTF \(wallSeconds / (Double(total) / 16_000)))")

            // A multi-sentence reply: its first chunk versus its end.
            let reply = Synthesis.reply
            let replyResult = try await measure(reply)
            print("TTS figures: 6-sentence reply: first chunk \(replyResult.first), whole reply \(replyResult.total), \(Double(replyResult.samples) / 16_000) s of audio")
        }

        @Test(.enabled(if: enabled)) func memoryPerVoice() throws {
            var voices: [FliteVoice] = []
            let before = Self.residentBytes()
            let made = FliteVoice.createdCount
            while FliteVoice.createdCount < made + 16 { voices.append(try FliteVoice.borrow()) }
            let afterCreate = Self.residentBytes()
            for voice in voices {
                let sink = FliteSentenceSink { _, _, _ in true }
                _ = voice.speak("Your appointment is confirmed for Tuesday at three thirty.", settings: .natural, chunkSamples: 256, sink: sink)
            }
            let afterSpeak = Self.residentBytes()
            voices.forEach(FliteVoice.giveBack)
            print("TTS figures: 16 voices: +\((afterCreate - before) / 16 / 1024) KiB each when made, +\((afterSpeak - before) / 16 / 1024) KiB each after one sentence")
        }
    }
}
