/// What the caller has actually heard of the agent's speech, from the marks the far end echoes.
///
/// Every chunk of audio sent is followed by a mark with a unique name; the far end echoes a mark
/// when the audio before it has played. A `clear` (barge-in) empties the far end's buffer and makes
/// it echo every pending mark at once: marks that come back after the clear mean *discarded*, not
/// played, so the ledger stops believing echoes at the clear boundary. Marks are looked up by name,
/// never popped in order, so late, unknown or duplicate echoes change nothing.
///
/// Pure: callers pass the time (any monotonic clock, as a `Duration` since a fixed origin).
///
/// ```swift
/// var ledger = PlaybackLedger()
/// ledger.begin(replies: ["Your balance is $42.50.", "Anything else?"])
/// let mark = ledger.sent(samples: [(sentence: 0, count: 800)], sampleRate: 8000, at: now)
/// …
/// ledger.acknowledge(mark, at: now)
/// let heard = ledger.interrupt(at: now)          // on barge-in: what the caller heard, per reply
/// ```
public struct PlaybackLedger: Sendable {
    /// One chunk of audio sent, waiting for its mark.
    struct Chunk: Sendable {
        let mark: String
        /// Samples per sentence of the reply in this chunk.
        let parts: [OutboundFramer.Part]
        let duration: Duration
        let sentAt: Duration
        var playedAt: Duration?
    }

    /// A sentence of the response, with the audio sent and played for it.
    struct Sentence: Sendable {
        let reply: Int
        let words: [Substring]
        var samplesSent = 0
        var samplesPlayed = 0
        var complete = false
    }

    /// How the response currently in the ledger ended for the caller.
    public enum Outcome: Sendable, Equatable {
        /// Every chunk's mark came back before any clear.
        case played
        /// Cleared part-way; the replies hold what was heard.
        case interrupted
        /// Still playing (some marks outstanding).
        case playing
    }

    /// What the caller heard of each reply, in order (empty strings for replies not heard at all).
    public struct Heard: Sendable, Equatable {
        public var replies: [String]
        /// True when every word of every reply was heard.
        public var complete: Bool
    }

    /// Used when a sentence's audio was not all synthesised before the clear: about three words a second.
    static let secondsPerWordEstimate = 0.33

    private(set) var responseID = 0
    private var replies: [String] = []
    private var sentences: [Sentence] = []
    private var chunks: [Chunk] = []
    private var indexByMark: [String: Int] = [:]
    private var sequence = 0
    private var cleared = false
    private var lastPlayedAt: Duration?
    private var sampleRate = 8_000

    public init() {}

    /// Starts accounting for a new response made of `replies`, split into `sentences` per reply.
    public mutating func begin(replies: [String], sentences: [[String]]) {
        responseID += 1
        self.replies = replies
        self.sentences = sentences.enumerated().flatMap { reply, texts in
            texts.map { Sentence(reply: reply, words: $0.split(whereSeparator: \.isWhitespace)) }
        }
        chunks = []
        indexByMark = [:]
        sequence = 0
        cleared = false
        lastPlayedAt = nil
    }

    /// Adds replies to the response being played (an answer spoken sentence by sentence as it is
    /// written); returns the index of the first new sentence.
    @discardableResult
    public mutating func append(replies more: [String], sentences more2: [[String]]) -> Int {
        let first = sentences.count
        let base = replies.count
        replies += more
        sentences += more2.enumerated().flatMap { reply, texts in
            texts.map { Sentence(reply: base + reply, words: $0.split(whereSeparator: \.isWhitespace)) }
        }
        return first
    }

    /// Records a chunk sent and returns the mark name to send after it (unique across responses).
    public mutating func sent(parts: [OutboundFramer.Part], sampleRate: Int, at time: Duration) -> String {
        sequence += 1
        self.sampleRate = max(sampleRate, 1)
        let mark = "r\(responseID)-c\(sequence)"
        let total = parts.reduce(0) { $0 + $1.count }
        for part in parts where sentences.indices.contains(part.sentence) {
            sentences[part.sentence].samplesSent += part.count
        }
        indexByMark[mark] = chunks.count
        chunks.append(Chunk(
            mark: mark, parts: parts, duration: .nanoseconds(Int64(total) * 1_000_000_000 / Int64(max(sampleRate, 1))),
            sentAt: time
        ))
        return mark
    }

    /// A sentence's audio is all sent (its length is now known exactly).
    public mutating func sentenceComplete(_ sentence: Int) {
        if sentences.indices.contains(sentence) { sentences[sentence].complete = true }
    }

    /// The far end echoed `mark`. Returns false for marks that mean nothing now: unknown, from an
    /// earlier response, repeated, or echoed after a clear.
    @discardableResult
    public mutating func acknowledge(_ mark: String, at time: Duration) -> Bool {
        guard !cleared, let index = indexByMark[mark], chunks[index].playedAt == nil else { return false }
        chunks[index].playedAt = time
        lastPlayedAt = time
        for part in chunks[index].parts where sentences.indices.contains(part.sentence) {
            sentences[part.sentence].samplesPlayed += part.count
        }
        return true
    }

    /// Marks sent and not yet echoed.
    public var outstandingMarks: Int { cleared ? 0 : chunks.count { $0.playedAt == nil } }

    /// Audio sent and not yet confirmed played.
    public var outstandingAudio: Duration {
        cleared ? .zero : chunks.filter { $0.playedAt == nil }.reduce(.zero) { $0 + $1.duration }
    }

    public var outcome: Outcome {
        if cleared { return .interrupted }
        return outstandingMarks == 0 ? .played : .playing
    }

    /// The caller barged in at `time`: from now on echoes mean discarded audio. Returns what was
    /// heard: every acknowledged chunk, plus the part of the first unacknowledged chunk that had
    /// time to play (it started when the chunk before it finished, or when it was sent).
    public mutating func interrupt(at time: Duration) -> Heard {
        guard !cleared else { return heard() }
        if let first = chunks.firstIndex(where: { $0.playedAt == nil }) {
            let start = max(lastPlayedAt ?? chunks[first].sentAt, chunks[first].sentAt)
            let elapsed = time - start
            if elapsed > .zero {
                let fraction = min(1, elapsed / chunks[first].duration)
                for part in chunks[first].parts where sentences.indices.contains(part.sentence) {
                    sentences[part.sentence].samplesPlayed += Int((Double(part.count) * fraction).rounded(.down))
                }
            }
        }
        cleared = true
        return heard()
    }

    /// What the caller heard so far (all of it, once every mark is back).
    public func heard() -> Heard {
        var perReply = Array(repeating: [Substring](), count: replies.count)
        var complete = true
        for sentence in sentences where perReply.indices.contains(sentence.reply) {
            let fraction = playedFraction(of: sentence)
            let count = fraction >= 0.999 ? sentence.words.count : Int((Double(sentence.words.count) * fraction).rounded(.down))
            if count < sentence.words.count { complete = false }
            perReply[sentence.reply].append(contentsOf: sentence.words.prefix(count))
        }
        return Heard(replies: perReply.map { $0.joined(separator: " ") }, complete: complete)
    }

    private func playedFraction(of sentence: Sentence) -> Double {
        guard sentence.samplesPlayed > 0 else { return 0 }
        if sentence.complete { return Double(sentence.samplesPlayed) / Double(max(sentence.samplesSent, 1)) }
        // Not all synthesised when the clear came: judge against the longer of what was sent and
        // an estimate from its words, and never call it complete.
        let estimate = Double(sentence.words.count) * Self.secondsPerWordEstimate * Double(sampleRate)
        let total = max(Double(sentence.samplesSent), estimate)
        return min(Double(sentence.samplesPlayed) / max(total, 1), 0.99)
    }
}
