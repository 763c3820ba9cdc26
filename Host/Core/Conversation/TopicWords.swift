/// The words that say what a request is about: what is left once function words, pronouns,
/// auxiliaries, everyday verbs and fillers are taken out, lightly stemmed. Two requests about the
/// same thing usually share one ("do you offer sedation?" and "is sedation available"); "do you
/// offer laughing gas?" shares none with "do you take emergencies".
///
/// ```swift
/// TopicWords.of("roughly what would a cleaning set me back?")  // ["roughly", "clean", "set", "back"]
/// ```
public enum TopicWords {
    public static func of(_ text: String) -> Set<String> {
        let words = CallerSignals(text).words
        var topics = Set<String>()
        for (index, word) in words.enumerated() where word.count > 1 && !stop.contains(word) && !word.allSatisfy(\.isNumber) {
            // "ahead of time", "last time", "every time": no time of day.
            if word == "time", index > 0, idiomaticTime.contains(words[index - 1]) { continue }
            topics.insert(stem(word))
        }
        return topics
    }

    /// Words before "time" that make it an idiom rather than a time of day or an appointment.
    static let idiomaticTime: Set<String> = ["of", "last", "every", "first", "long", "hard", "good", "same", "whole", "mean"]

    /// "booking" → "book", "cleaning" → "clean", "emergencies" → "emergenci".
    public static func stem(_ word: String) -> String {
        for suffix in ["ing", "ed", "es", "s"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    static let stop: Set<String> = [
        // articles, pronouns, determiners
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "he", "him", "his", "she",
        "her", "they", "them", "their", "it", "its", "this", "that", "these", "those", "there", "here", "someone",
        "something", "anything", "anyone", "everything", "guys", "folks", "y'all", "ya",
        // auxiliaries and contractions
        "am", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "doing", "done", "have", "has", "had",
        "having", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "i'm", "i've", "i'd", "i'll",
        "you're", "you've", "you'd", "it's", "that's", "there's", "what's", "how's", "where's", "when's", "who's", "we're",
        "they're", "don't", "doesn't", "didn't", "can't", "won't", "isn't", "aren't", "wasn't", "let's", "gonna", "wanna",
        // question words, prepositions, conjunctions
        "what", "when", "where", "who", "whom", "which", "why", "how", "whether", "if", "of", "to", "in", "on", "at", "by",
        "for", "from", "with", "without", "about", "into", "onto", "over", "under", "up", "down", "out", "off", "than",
        "then", "and", "or", "but", "so", "as", "because", "like", "any", "some", "all", "no", "not", "yes", "much", "many",
        "more", "most", "lot", "bit", "little", "one", "again", "also", "too", "still", "just", "really", "actually",
        "maybe", "please", "thanks", "thank", "okay", "ok", "um", "uh", "er", "hmm", "oh", "well", "hi", "hello", "hey",
        "right", "now", "even", "ever", "very", "quite", "pretty", "kind", "sort", "way", "thing", "things",
        // everyday verbs that say nothing of the topic
        "want", "wanted", "need", "needed", "know", "tell", "ask", "asked", "say", "said", "see", "look", "looking", "make",
        "go", "going", "come", "coming", "get", "got", "getting", "give", "take", "let", "think", "wonder", "wondering",
        "offer", "there'd", "would've", "help", "mind", "sure", "possible", "available", "hear", "check", "listen",
    ]
}
