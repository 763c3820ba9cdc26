/// What a recognizer heard: a partial while the utterance goes on, a final one at its end.
public struct Hypothesis: Sendable, Hashable {
    /// The words, lower case, separated by single spaces (the dictionary's forms: "what's", "four").
    public var text: String
    /// True for the result of `finish()`; partials may still change.
    public var isFinal: Bool
    /// The words with their times, when the engine gives them (fillers and silences left out).
    public var words: [WordTiming]

    public init(text: String, isFinal: Bool, words: [WordTiming] = []) {
        self.text = text
        self.isFinal = isFinal
        self.words = words
    }
}

/// One recognised word and where it lies in its utterance.
public struct WordTiming: Sendable, Hashable {
    public var word: String
    /// Seconds from the start of the utterance's audio.
    public var start: Double
    /// Seconds from the start of the utterance's audio (exclusive).
    public var end: Double

    public init(word: String, start: Double, end: Double) {
        self.word = word
        self.start = start
        self.end = end
    }
}
