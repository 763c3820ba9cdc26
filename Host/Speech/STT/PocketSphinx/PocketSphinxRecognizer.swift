import Dispatch
import Locks

/// Streaming speech recognition with PocketSphinx and a domain language model built from the
/// skills' example phrases.
///
/// ```swift
/// let phrases = host.registry.intents.values.flatMap(\.examples)
/// let recognizer = try PocketSphinxRecognizer(phrases: phrases)
/// await recognizer.prewarm()                       // decoders ready before the first call
/// let stream = try recognizer.makeStream()         // one per call, from the pool
/// _ = try stream.accept(samples16kHz)
/// print(try stream.finish().text)
/// stream.useGrammar(.digits)                       // the next answer is an account number
/// stream.close()                                   // the decoder goes back to the pool
/// try await recognizer.rebuild(phrases: newPhrases) // plugins changed
/// ```
///
/// At start it writes a trigram ARPA model of the phrases plus `ConversationalCore.phrases`, a
/// dictionary filtered to its words (letter-to-sound for the missing ones) and a copy of the
/// acoustic model's `feat.params` with the channel's `-cmninit`. Decoders (≈ 12 MB each) are made
/// on a dispatch queue of their own, outside Swift's cooperative pool, and kept ready: a stream
/// takes one, resets it and gives it back on `close()`. `rebuild(phrases:)` swaps in a new build
/// at once; streams already running keep their decoder of the old build until they close.
public final class PocketSphinxRecognizer: SpeechRecognizer {
    /// The model location and pool settings.
    public let configuration: PocketSphinxConfiguration

    private struct State {
        var model: DomainModel
        /// Bumped on every rebuild; decoders being made for an older build are dropped.
        var generation = 0
        var idle: [PocketSphinxDecoder] = []
        var refilling = 0
        var statistics = PoolStatistics()
    }

    private let state: Mutex<State>
    /// Decoder initialisation (≈ 13 ms of CPU and file reading) never runs on the cooperative pool.
    private let factory = DispatchQueue(label: "smartdesk.stt.decoder-factory", qos: .userInitiated)

    /// Builds the domain model from `phrases` (every registered example phrase) and starts
    /// preparing `configuration.readyDecoders` decoders in the background.
    public init(phrases: [String], configuration: PocketSphinxConfiguration = PocketSphinxConfiguration()) throws {
        self.configuration = configuration
        state = Mutex(State(model: try DomainModel(phrases: phrases, configuration: configuration)))
        refill()
    }

    /// What the current build holds.
    public var report: DomainModelReport {
        state.withLock { $0.model.report }
    }

    /// How the pool has served streams so far.
    public var statistics: PoolStatistics {
        state.withLock { $0.statistics }
    }

    public func makeStream(options: RecognitionOptions) throws -> any RecognitionStream {
        try makePocketSphinxStream(options: options)
    }

    /// `makeStream(options:)` with the concrete stream type.
    public func makePocketSphinxStream(options: RecognitionOptions = RecognitionOptions()) throws -> PocketSphinxStream {
        let (pooled, model) = state.withLock { state in
            let decoder = state.idle.popLast()
            state.statistics.streamsOpened += 1
            if decoder != nil { state.statistics.streamsFromPool += 1 }
            return (decoder, state.model)
        }
        refill()
        let decoder: PocketSphinxDecoder
        if let pooled {
            decoder = pooled
        } else {
            decoder = try PocketSphinxDecoder(model: model, configuration: configuration)
            state.withLock { $0.statistics.decodersCreated += 1 }
        }
        try decoder.prepare(channel: options.channel, grammar: options.grammar)
        return PocketSphinxStream(decoder: decoder, recognizer: self)
    }

    /// Waits until the pool holds its ready decoders (call it at start, off the hot path).
    public func prewarm() async {
        refill()
        // The factory queue is serial: once this block runs, the refills queued before it are done.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            factory.async { continuation.resume() }
        }
    }

    /// Builds a new domain model from `phrases` (after plugins were loaded or unloaded) with its
    /// ready decoders, then swaps it in. Streams open now finish on the old one.
    public func rebuild(phrases: [String]) async throws {
        let configuration = configuration
        let (model, decoders) = try await onFactory { () throws -> (DomainModel, [PocketSphinxDecoder]) in
            let model = try DomainModel(phrases: phrases, configuration: configuration)
            let decoders = try (0..<configuration.readyDecoders).map { _ in
                try PocketSphinxDecoder(model: model, configuration: configuration)
            }
            return (model, decoders)
        }
        let retired = state.withLock { state in
            defer {
                state.model = model
                state.generation += 1
                state.idle = decoders
                state.refilling = 0
                state.statistics.decodersCreated += decoders.count
                state.statistics.rebuilds += 1
            }
            return state.idle
        }
        _ = retired  // the old build's idle decoders are freed here, outside the lock
    }

    // MARK: Pool

    /// Takes a stream's decoder back: kept for the next call when it belongs to the current build
    /// and the pool has room, freed otherwise.
    func release(_ decoder: PocketSphinxDecoder) {
        decoder.abandonUtterance()
        let maximum = configuration.maximumIdleDecoders
        state.withLock { state in
            guard decoder.model === state.model, state.idle.count < maximum else { return }
            state.idle.append(decoder)
        }
    }

    /// Starts making decoders in the background until `readyDecoders` are idle or on their way.
    private func refill() {
        let (count, model, generation) = state.withLock { state in
            let count = max(0, configuration.readyDecoders - state.idle.count - state.refilling)
            state.refilling += count
            return (count, state.model, state.generation)
        }
        for _ in 0..<count {
            factory.async { [self] in
                let decoder = try? PocketSphinxDecoder(model: model, configuration: configuration)
                state.withLock { state in
                    guard state.generation == generation else { return }
                    state.refilling -= 1
                    if let decoder {
                        state.idle.append(decoder)
                        state.statistics.decodersCreated += 1
                    }
                }
            }
        }
    }

    private func onFactory<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            factory.async { continuation.resume(with: Result(catching: body)) }
        }
    }
}

/// Counters of a recognizer's decoder pool.
public struct PoolStatistics: Sendable, Hashable {
    /// Decoders initialised so far (in the background, on a rebuild, or inline when the pool was empty).
    public var decodersCreated = 0
    /// Streams opened.
    public var streamsOpened = 0
    /// Streams that got a ready decoder from the pool.
    public var streamsFromPool = 0
    /// Rebuilds of the domain model.
    public var rebuilds = 0

    public init() {}
}
