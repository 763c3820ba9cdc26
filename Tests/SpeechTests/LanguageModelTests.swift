import Foundation
import Speech
import Testing
import TestSupport

@Suite("Language model: normalising, ARPA trigrams, dictionary")
struct LanguageModelTests {
    // MARK: Normalising

    @Test(arguments: [
        ("I'd like to book an appointment for next Tuesday.", "i'd like to book an appointment for next tuesday"),
        ("Book me in at 3:30pm on the 3rd, please!", "book me in at three thirty p.m. on the third please"),
        ("is 2 pm on Wednesday free", "is two p.m. on wednesday free"),
        ("I want to book a slot at 10 am", "i want to book a slot at ten a.m."),
        ("see you at ten am", "see you at ten a.m."),
        ("I am here", "i am here"),
        ("pay $42.50 today", "pay forty two dollars fifty cents today"),
        ("put $100 on it", "put one hundred dollars on it"),
        ("my account is 42791", "my account is four two seven nine one"),
        ("call 555-1234", "call five five five one two three four"),
        ("change it to dana.w@example.com", "change it to dana dot w at example dot com"),
        ("hi, yeah, I was hoping", "hi yeah i was hoping"),
        ("It’s “fine” (really)", "it's fine really"),
        ("back in 2024", "back in twenty twenty four"),
        ("10:00", "ten o'clock"),
        ("the 21st", "the twenty first"),
        ("we'll see", "we'll see"),
        ("R&D", "r and d"),
        ("check-up", "check up"),
        ("1,250 dollars", "one thousand two hundred fifty dollars"),
        ("4.5 stars", "four point five stars"),
        ("", ""),
        ("?!", ""),
    ])
    func normalisesToDictionaryWords(text: String, expected: String) {
        #expect(TranscriptNormalizer.normalize(text) == expected)
    }

    @Test func conversationalCoreIsAlreadyInDictionaryForm() {
        for phrase in ConversationalCore.phrases {
            #expect(TranscriptNormalizer.normalize(phrase) == phrase)
        }
    }

    // MARK: ARPA

    @Test func smallModelHasTheExpectedProbabilities() throws {
        var builder = LanguageModelBuilder()
        builder.add(phrase: "a b")
        builder.add(phrase: "a c")
        let model = try builder.build()
        let arpa = STTARPA(model.arpa)
        #expect(arpa.declaredCounts == model.ngramCounts)
        #expect(model.ngramCounts == [5, 5, 4])
        #expect(model.vocabulary == ["a", "b", "c"])
        // Unigrams over a, b, c, </s> (6 tokens): a = 2/6.
        #expect(abs(arpa.probability("a", after: []) - 2.0 / 6) < 1e-5)
        // <s> a: (2 − 0.5)/2; the freed 0.25 goes to the words other than a (mass 4/6): bow 0.375.
        #expect(abs(arpa.probability("a", after: ["<s>"]) - 0.75) < 1e-5)
        #expect(abs(pow(10, arpa.logBackOff[["<s>"]]!) - 0.375) < 1e-5)
        #expect(abs(arpa.probability("b", after: ["<s>"]) - 0.375 / 6) < 1e-5)
        // <s> a b: (1 − 0.5)/2.
        #expect(abs(arpa.probability("b", after: ["<s>", "a"]) - 0.25) < 1e-5)
        #expect(arpa.logProbability[["<s>"]] == -99)
    }

    @Test func probabilitiesSumToOneForEveryHistory() throws {
        var builder = LanguageModelBuilder()
        for phrase in STTBundledPhrases.all { builder.add(phrase: phrase) }
        for phrase in ConversationalCore.phrases { builder.add(phrase: phrase) }
        let model = try builder.build()
        let arpa = STTARPA(model.arpa)
        #expect(arpa.declaredCounts == model.ngramCounts)
        #expect(arpa.declaredCounts == [arpa.logProbability.keys.count { $0.count == 1 },
                                        arpa.logProbability.keys.count { $0.count == 2 },
                                        arpa.logProbability.keys.count { $0.count == 3 }])
        let predicted = arpa.vocabulary.filter { $0 != "<s>" }
        var worst = 0.0
        for history in arpa.histories where history.last != "</s>" {
            let sum = predicted.reduce(0.0) { $0 + arpa.probability($1, after: history) }
            worst = max(worst, abs(sum - 1))
        }
        #expect(worst < 1e-4, "largest deviation from 1: \(worst)")
    }

    @Test func historyThatSawEveryWordKeepsItsCounts() throws {
        // After "x" every word of the vocabulary follows: nothing is left to back off to.
        var builder = LanguageModelBuilder()
        builder.add(words: ["x", "x"])
        builder.add(words: ["x"])
        let arpa = STTARPA(try builder.build().arpa)
        let sum = ["x", "</s>"].reduce(0.0) { $0 + arpa.probability($1, after: ["x"]) }
        #expect(abs(sum - 1) < 1e-5)
    }

    @Test func emptyInputIsAnError() {
        var builder = LanguageModelBuilder()
        builder.add(phrase: "...")
        #expect(throws: SpeechRecognitionError.self) { try builder.build() }
    }

    // MARK: Dictionary and grammars

    @Test func missingWordsGetLetterToSoundPronunciations() throws {
        let work = try TestPaths.temporaryDirectory("stt-lts")
        defer { try? FileManager.default.removeItem(at: work) }
        let recognizer = try PocketSphinxRecognizer(
            phrases: ["transfer me to Smartdesk support", "book a zorbulax session"],
            configuration: PocketSphinxConfiguration(workDirectory: work, readyDecoders: 0)
        )
        let report = recognizer.report
        #expect(report.phraseCount == 2)
        #expect(report.unpronounceableWords.isEmpty)
        #expect(Set(report.guessedPronunciations.keys) == ["smartdesk", "zorbulax"])
        #expect(report.guessedPronunciations["smartdesk"] == "S M AA R T D EH S K")
        // Every slot grammar word and every core word is in cmudict itself (none was guessed).
        #expect(report.vocabularySize > 200)
    }

    @Test(arguments: SlotGrammar.allCases)
    func slotGrammarsAreWellFormed(grammar: SlotGrammar) {
        #expect(grammar.jsgf.hasPrefix("#JSGF V1.0;\ngrammar slot_"))
        #expect(grammar.jsgf.contains("public <"))
        for word in grammar.vocabulary where word != "a.m." && word != "p.m." {  // dictionary forms after a number
            #expect(TranscriptNormalizer.normalize(word) == word, "grammar word \(word) is not in dictionary form")
        }
    }

    @Test func bundledPhrasesAreFound() {
        // Scheduling, CRM, Handoff (Swift) and Billing (C).
        #expect(STTBundledPhrases.all.count > 150)
        #expect(STTBundledPhrases.all.contains("what's my balance"))
        #expect(STTBundledPhrases.all.contains("operator please"))
    }
}
