import Speech
import Testing

/// `SlotGrammar.choose`: the grammar's reading of a slot answer or the language model's.
struct SlotAnswerChoiceTests {
    struct Case: Sendable, CustomStringConvertible {
        var grammar: SlotGrammar
        var forced: String
        var free: String
        var takes: SlotAnswerChoice.Source
        var description: String { "\(grammar.rawValue): grammar \"\(forced)\", language model \"\(free)\"" }
    }

    static let cases: [Case] = [
        // Answers in kind: the grammar's exact reading, whatever the language model made of them.
        Case(grammar: .time, forced: "three thirty", free: "three thirty", takes: .grammar),
        Case(grammar: .time, forced: "half past two", free: "half past you", takes: .grammar),
        Case(grammar: .digits, forced: "five zero zero four", free: "my there there four", takes: .grammar),
        Case(grammar: .date, forced: "next thursday", free: "next very fee", takes: .grammar),
        Case(grammar: .date, forced: "tuesday", free: "to", takes: .grammar),
        Case(grammar: .yesNo, forced: "sure", free: "there", takes: .grammar),
        Case(grammar: .yesNo, forced: "go ahead", free: "ahead", takes: .grammar),
        Case(grammar: .yesNo, forced: "not really", free: "not really", takes: .grammar),
        Case(grammar: .yesNo, forced: "yes please", free: "", takes: .grammar),
        // Something else, forced into the grammar's words: the language model's reading.
        Case(grammar: .time, forced: "at two oh eight", free: "yes please", takes: .languageModel),
        Case(grammar: .time, forced: "by nine eleven tonight", free: "what are your opening hours", takes: .languageModel),
        Case(grammar: .date, forced: "the thirteenth", free: "three thirty", takes: .languageModel),
        Case(grammar: .yesNo, forced: "that's not correct", free: "i'm not sure", takes: .languageModel),
        Case(grammar: .digits, forced: "zero", free: "no", takes: .languageModel),
        Case(grammar: .digits, forced: "", free: "can we go back", takes: .languageModel),
    ]

    @Test(arguments: cases) func choosesTheReadingThatFits(_ example: Case) {
        let choice = example.grammar.choose(grammar: example.forced, languageModel: example.free)
        #expect(choice.source == example.takes, "\(choice.reason)")
        #expect(choice.text == (example.takes == .grammar ? example.forced : example.free))
        #expect(!choice.reason.isEmpty)
    }

    @Test func nothingHeardByEitherIsNothing() {
        let choice = SlotGrammar.date.choose(grammar: "", languageModel: "")
        #expect(choice.text.isEmpty)
    }

    @Test func everyAnchorIsAWordTheRecognizerKnowsForItsKind() {
        // Anchors are what the language model writes for an answer of the kind; the grammar's own
        // words must include the plainest of them.
        #expect(SlotGrammar.yesNo.anchors.isSuperset(of: ["yes", "no"]))
        #expect(SlotGrammar.digits.anchors.isSuperset(of: ["oh", "zero", "nine"]))
        #expect(SlotGrammar.date.anchors.isSuperset(of: ["monday", "tomorrow", "third"]))
        #expect(SlotGrammar.time.anchors.isSuperset(of: ["noon", "thirty", "half", "p.m."]))
        for grammar in SlotGrammar.allCases {
            #expect(!grammar.anchors.contains("the") && !grammar.anchors.contains("to"))
        }
    }
}
