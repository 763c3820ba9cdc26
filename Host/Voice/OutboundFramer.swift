/// Cuts the agent's audio into what a phone transport sends: whole frames (20 ms), grouped into
/// chunks of at most `maximumChunk` frames, each followed by a mark. Remembers which sentence every
/// sample belongs to, so a barge-in can tell which words were heard. The last chunk of a response
/// is padded with silence to a whole frame.
public struct OutboundFramer: Sendable {
    /// A chunk ready to send.
    public struct Chunk: Sendable, Equatable {
        public var samples: [Int16]
        /// Samples per sentence, in order (padding is counted in no sentence).
        public var parts: [Part]
    }

    public struct Part: Sendable, Equatable {
        public var sentence: Int
        public var count: Int

        public init(sentence: Int, count: Int) {
            self.sentence = sentence
            self.count = count
        }
    }

    public let frameLength: Int
    public let maximumChunk: Int
    private var pending: [Int16] = []
    private var pendingParts: [Part] = []

    /// `frameLength` samples per frame; chunks of at most `maximumFrames` frames.
    public init(frameLength: Int = 160, maximumFrames: Int = 5) {
        self.frameLength = max(1, frameLength)
        self.maximumChunk = max(1, maximumFrames) * self.frameLength
    }

    /// Samples waiting for a whole frame.
    public var pendingCount: Int { pending.count }

    /// Adds `samples` of `sentence` and returns the chunks now complete: full chunks only, or
    /// with `eager` every whole frame pending (the start of a reply, where latency counts).
    public mutating func append(_ samples: [Int16], sentence: Int, eager: Bool = false) -> [Chunk] {
        guard !samples.isEmpty else { return [] }
        pending.append(contentsOf: samples)
        if let last = pendingParts.last, last.sentence == sentence {
            pendingParts[pendingParts.count - 1].count += samples.count
        } else {
            pendingParts.append(Part(sentence: sentence, count: samples.count))
        }
        return drain(minimum: eager ? frameLength : maximumChunk, padding: false)
    }

    /// The response is over: returns the rest, padded with silence to a whole frame.
    public mutating func finish() -> [Chunk] {
        drain(minimum: 1, padding: true)
    }

    /// Drops everything pending (a barge-in).
    public mutating func reset() {
        pending = []
        pendingParts = []
    }

    private mutating func drain(minimum: Int, padding: Bool) -> [Chunk] {
        var chunks: [Chunk] = []
        while pending.count >= minimum {
            var size = min(maximumChunk, pending.count / frameLength * frameLength)
            if size == 0 {
                guard padding else { break }
                size = pending.count
            }
            var samples = Array(pending.prefix(size))
            pending.removeFirst(size)
            let parts = takeParts(size)
            if samples.count % frameLength != 0 {
                samples.append(contentsOf: repeatElement(0, count: frameLength - samples.count % frameLength))
            }
            chunks.append(Chunk(samples: samples, parts: parts))
        }
        return chunks
    }

    private mutating func takeParts(_ count: Int) -> [Part] {
        var remaining = count
        var taken: [Part] = []
        while remaining > 0, !pendingParts.isEmpty {
            let first = pendingParts[0]
            let take = min(first.count, remaining)
            taken.append(Part(sentence: first.sentence, count: take))
            remaining -= take
            if take == first.count { pendingParts.removeFirst() } else { pendingParts[0].count -= take }
        }
        return taken
    }
}
