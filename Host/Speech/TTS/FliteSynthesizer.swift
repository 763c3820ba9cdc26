import Core
import Foundation

/// Flite's `cmu_us_slt` voice (16 kHz), streamed sentence by sentence.
///
/// A reply is split into sentences (``SentenceChunker``), each rewritten for speech
/// (``SpeechNormalizer``) and synthesised on one of the engine's own threads, each with its own
/// Flite voice object; audio leaves the vocoder in chunks of 320 samples (20 ms) through
/// Flite's streaming callback, so the first chunk of a sentence arrives a few milliseconds after
/// the sentence is handed over and long before its end is synthesised. Replies from several calls
/// share the threads sentence by sentence.
///
/// Cancelling the task that reads the stream (a barge-in) stops delivery at once; the synthesis
/// thread stops the sentence at its next chunk and starts no further sentence.
///
/// ```swift
/// let tts = try FliteSynthesizer()
/// for try await chunk in tts.synthesize("Your appointment is at 3:30 PM. See you then!", voice: .natural) {
///     play(chunk.samples)
/// }
/// ```
public final class FliteSynthesizer: SpeechSynthesizer {
    /// How the engine is set up.
    public struct Configuration: Sendable {
        /// Synthesis threads, each with its own voice object: how many sentences are synthesised
        /// at once.
        public var threads: Int
        /// Samples per streamed chunk (Flite's `min_buffsize`; chunks come out a little larger).
        public var chunkSamples: Int
        /// Sentences longer than this many characters are cut at a clause break.
        public var maxSentenceLength: Int
        /// Whether text goes through ``SpeechNormalizer`` before synthesis.
        public var normalizesText: Bool
        /// Whether each thread speaks a word into the void when it starts, so the first reply does
        /// not pay for paging in the voice data (about 50 ms once, against 5–10 ms warm).
        public var warmsUp: Bool

        /// The defaults suit a host on two cores: two threads (a sentence takes 1–2% of its
        /// spoken length to make, so two threads keep up with dozens of calls).
        public init(threads: Int = 2, chunkSamples: Int = 256, maxSentenceLength: Int = 160,
                    normalizesText: Bool = true, warmsUp: Bool = true) {
            self.threads = threads
            self.chunkSamples = chunkSamples
            self.maxSentenceLength = maxSentenceLength
            self.normalizesText = normalizesText
            self.warmsUp = warmsUp
        }
    }

    /// The natural mean pitch of `cmu_us_slt` in Hz: ``VoiceSettings/pitch`` 1.1 asks for 10% above it.
    public static let naturalPitch = FliteVoice.naturalPitch

    /// 16 000: `cmu_us_slt` is a 16 kHz voice (resample to 8 kHz for the phone line).
    public let sampleRate = FliteVoice.sampleRate
    /// The configuration the engine runs with (thread count and chunk size at least 1 and 16).
    public let configuration: Configuration
    private let queue = FliteWorkQueue()

    /// Starts `configuration.threads` synthesis threads (at least one), each with a voice object.
    /// Throws a ``SynthesisError`` if the voice cannot be loaded.
    public init(configuration: Configuration = Configuration()) throws {
        var configuration = configuration
        configuration.threads = max(1, configuration.threads)
        configuration.chunkSamples = max(16, configuration.chunkSamples)
        self.configuration = configuration
        var voices: [FliteVoice] = []
        do {
            for _ in 0..<configuration.threads { voices.append(try FliteVoice.borrow()) }
        } catch {
            voices.forEach(FliteVoice.giveBack)
            throw error
        }
        for (number, voice) in voices.enumerated() {
            let worker = Thread { [queue, configuration] in
                Self.work(queue: queue, voice: voice, configuration: configuration)
            }
            worker.name = "flite-\(number)"
            worker.start()
        }
    }

    deinit {
        // Threads finish the replies already queued, then stop and give their voices back.
        queue.close()
    }

    public func sentences(of text: String) -> [String] {
        SentenceChunker.split(text, maxLength: configuration.maxSentenceLength)
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    }

    public func synthesize(_ text: String, voice: VoiceSettings) -> AsyncThrowingStream<AudioChunk, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AudioChunk, any Error>.makeStream()
        let sentences = self.sentences(of: text).map { configuration.normalizesText ? SpeechNormalizer.normalize($0) : $0 }
        guard !sentences.isEmpty else {
            continuation.finish()
            return stream
        }
        let job = FliteJob(sentences: sentences, settings: voice, continuation: continuation)
        continuation.onTermination = { termination in
            if case .cancelled = termination { job.cancel() }
        }
        queue.submit(job)
        return stream
    }

    /// The words Flite reads for `text` as given (no splitting or normalising), synthesised on the
    /// calling thread with a voice of its own.
    func words(for text: String) throws -> [String] {
        let voice = try FliteVoice.borrow()
        defer { FliteVoice.giveBack(voice) }
        return voice.words(for: text)
    }

    // MARK: - Synthesis threads

    /// A synthesis thread's loop: one sentence of one job at a time until the queue closes.
    private static func work(queue: FliteWorkQueue, voice: FliteVoice, configuration: Configuration) {
        defer { FliteVoice.giveBack(voice) }
        if configuration.warmsUp {
            _ = voice.speak("Hello.", settings: .natural, chunkSamples: configuration.chunkSamples,
                            sink: FliteSentenceSink { _, _, _ in true })
        }
        while let job = queue.take() {
            guard !job.isCancelled else {
                job.continuation.finish()
                continue
            }
            let index = job.next
            let sink = FliteSentenceSink { samples, offset, last in
                guard !job.isCancelled else { return false }
                let chunk = AudioChunk(samples: Array(samples), sampleRate: FliteVoice.sampleRate,
                                       sentence: index, offset: offset, endsSentence: last)
                if case .terminated = job.continuation.yield(chunk) { return false }
                return true
            }
            switch voice.speak(job.sentences[index], settings: job.settings, chunkSamples: configuration.chunkSamples, sink: sink) {
            case .failed:
                job.continuation.finish(throwing: SynthesisError.engineFailed(sentence: job.sentences[index]))
                continue
            case .stopped:
                job.continuation.finish()
                continue
            case .finished:
                if !sink.ended {
                    // Nothing was spoken (or the end went unreported): still mark the sentence's end.
                    job.continuation.yield(AudioChunk(samples: [], sampleRate: FliteVoice.sampleRate,
                                                      sentence: index, offset: sink.delivered, endsSentence: true))
                }
            }
            job.next += 1
            if job.next < job.sentences.count, !job.isCancelled {
                queue.submit(job)
            } else {
                job.continuation.finish()
            }
        }
    }
}
