import Core
import Testing

@Suite struct TopicWordsTests {
    @Test("topic words leave out function words, everyday verbs and idioms of time, stemmed")
    func topicWords() {
        #expect(TopicWords.of("do you offer any kind of sedation or happy gas?") == ["sedation", "happy", "gas"])
        #expect(TopicWords.of("roughly what would a cleaning set me back?") == ["roughly", "clean", "set", "back"])
        #expect(TopicWords.of("can I do the paperwork ahead of time") == ["paperwork", "ahead"])
        #expect(TopicWords.of("what time do you open") == ["time", "open"])
    }

    @Test("an operator's entry of a few examples answers only a question about its topic")
    func fewExampleEntryNeedsATopicWord() {
        let entry = IntentProfile(name: "faq.entry_1", description: "hear about dental emergencies",
                                  examples: ["I have a dental emergency", "do you take emergencies", "what do I do if I chip a tooth"])
        #expect(entry.exampleCount == 3)
        #expect(entry.topicWords.isDisjoint(with: TopicWords.of("do you offer laughing gas?")))
        #expect(!entry.topicWords.isDisjoint(with: TopicWords.of("I chipped my tooth on a nut, can you help?")))
    }
}
