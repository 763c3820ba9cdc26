/// Which decoding of a slot answer to believe: the slot's grammar or the language model.
///
/// A grammar is exact inside its language but forces everything into it: asked for a time, a
/// caller who says "yes please" is heard as "at two oh eight". So while a grammar listens, the
/// language model decodes the same audio beside it, and this decides between the two texts.
public struct SlotAnswerChoice: Sendable, Equatable {
    public enum Source: String, Sendable { case grammar, languageModel }

    /// The text to act on.
    public var text: String
    public var source: Source
    /// Why, in words, for the log.
    public var reason: String
}

extension SlotGrammar {
    /// Words that carry this kind of answer: when the language model hears one of them, the caller
    /// answered in kind and the grammar's more exact reading is taken. They are few and plain, so
    /// that other talk rarely contains one.
    public var anchors: Set<String> {
        switch self {
        case .yesNo:
            // Not "sure" ("I'm not sure") or "go" ("can we go back"): words that are answers only
            // in the grammar's own phrases, which the vocabulary rule below accepts.
            return ["yes", "yeah", "yep", "yup", "correct", "right", "okay", "absolutely", "definitely",
                    "no", "nope", "nah", "wrong"]
        case .digits:
            return Set(SpokenNumberWords.ones + SpokenNumberWords.tens.filter { !$0.isEmpty } + ["oh", "double", "hundred"])
        case .date:
            return Set(SpokenNumberWords.weekdays + SpokenNumberWords.months + (1...31).map(SpokenNumberWords.ordinal)
                + ["today", "tomorrow", "week", "weekend", "morning", "afternoon", "evening", "lunchtime"])
        case .time:
            return Set((1...12).map(SpokenNumberWords.cardinal) + (1...59).map(SpokenNumberWords.clockMinutes)
                .flatMap { $0.split(separator: " ").map(String.init) }
                + ["noon", "midday", "midnight", "half", "quarter", "o'clock", "a.m.", "p.m.", "morning",
                   "afternoon", "evening", "tonight"])
        }
    }

    /// Chooses between this grammar's reading of an answer and the language model's reading of
    /// the same audio:
    /// - the grammar heard nothing: the language model's words (perhaps nothing either);
    /// - the language model heard nothing, one of this slot's ``anchors``, a word of the grammar's
    ///   reading, only words the grammar could have produced, or only little words that mean
    ///   nothing alone ("to", "there": on the phone line that is how it mishears a lone "Tuesday"
    ///   or "sure"): the grammar's words;
    /// - otherwise the caller said something else ("actually, what are your hours?") that the
    ///   grammar forced into its own words: the language model's.
    ///
    /// Measured with `ClosedLoopMeasurements.slotAnswerChoice` on the phone path (`-topn 8 -ds 2`):
    /// of 39 answers in kind, 37 keep the grammar's reading (lost: "monday", which the language
    /// model hears as "ninety", and a digit string the grammar had wrong too); of 80 answers of
    /// another kind and other requests, 69 get the language model's (kept wrongly: numbers said
    /// for another kind of number, such as "three thirty" when digits are asked for, and a lone
    /// "tuesday", heard as "to").
    public func choose(grammar: String, languageModel: String) -> SlotAnswerChoice {
        if grammar.isEmpty {
            return SlotAnswerChoice(text: languageModel, source: .languageModel, reason: "the \(rawValue) grammar heard nothing")
        }
        let heard = languageModel.split(separator: " ").map(String.init)
        if heard.isEmpty {
            return SlotAnswerChoice(text: grammar, source: .grammar, reason: "the language model heard nothing")
        }
        if let anchor = heard.first(where: anchors.contains) {
            return SlotAnswerChoice(text: grammar, source: .grammar, reason: "the language model heard \"\(anchor)\"")
        }
        let forced = Set(grammar.split(separator: " ").map(String.init)).subtracting(Self.littleWords)
        if let shared = heard.first(where: forced.contains) {
            return SlotAnswerChoice(text: grammar, source: .grammar, reason: "both heard \"\(shared)\"")
        }
        if heard.allSatisfy(vocabulary.contains) {
            return SlotAnswerChoice(text: grammar, source: .grammar, reason: "the language model heard only the grammar's words")
        }
        if heard.allSatisfy(Self.littleWords.contains) {
            return SlotAnswerChoice(text: grammar, source: .grammar, reason: "the language model heard only \"\(languageModel)\"")
        }
        return SlotAnswerChoice(
            text: languageModel, source: .languageModel,
            reason: "not a \(rawValue) answer: the language model heard \"\(languageModel)\" where the grammar forced \"\(grammar)\""
        )
    }

    /// Words that mean nothing alone: two readings may share them without agreeing, and a
    /// language model that hears only them has not heard another request.
    static let littleWords: Set<String> = [
        "a", "an", "the", "at", "on", "for", "in", "of", "to", "too", "by", "it", "is", "it's", "that's", "i", "you",
        "your", "there", "their", "they", "and", "so", "be", "he", "she", "we", "please", "thanks", "thank", "this",
        "my", "about", "around", "not", "uh", "um", "hmm",
    ]
}
