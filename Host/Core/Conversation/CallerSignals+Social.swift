/// The social side of a turn: greetings, thanks, "are you still there", "hang on", "okay", and the
/// everyday ways of saying yes and no. Such turns are answered, never counted as misses
/// (DIALOGUE-NOTES §1–2).
extension CallerSignals {
    enum SocialAct: Sendable, Equatable {
        case greeting, thanks, presenceCheck, hold, acknowledgement, repeatRequest
    }

    /// "sorry, what was that?", "say that again": the caller did not hear the last reply.
    static let repeatRequests = ["what was that", "what did you say", "say that again", "say again", "come again",
                                 "can you repeat that", "could you repeat that", "repeat that", "please repeat",
                                 "repeat that please", "pardon", "pardon me", "i didn't catch that", "i didn't hear that",
                                 "i didn't hear you", "sorry what", "what was the", "one more time", "didn't catch that"]

    static let greetings = ["hi", "hello", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening",
                            "morning", "afternoon", "hi there", "hello there", "hey there", "is this the dentist",
                            "is this the dentist's", "is this the dental office", "is this the practice"]
    static let presenceChecks = ["are you still there", "are you there", "you still there", "anyone there",
                                 "is anyone there", "can you hear me", "still there", "hello hello"]
    static let thanksPhrases = ["thanks", "thank you", "thank", "thankyou", "cheers", "appreciate it", "appreciate that",
                                "much appreciated", "ta", "many thanks", "thanks so much", "thank you so much"]
    static let holdPhrases = ["hang on", "hold on", "one sec", "one second", "just a sec", "just a second", "give me a second",
                              "give me a sec", "let me check", "let me think", "let me see", "bear with me", "wait a moment",
                              "just a moment", "one moment"]
    static let acknowledgements = ["okay", "ok", "alright", "all right", "got it", "i see", "right", "cool", "great", "perfect",
                                   "lovely", "awesome", "good", "nice", "fine", "brilliant", "wonderful", "excellent",
                                   "sounds good", "that's great", "that's good", "that's fine", "fair enough", "understood",
                                   "noted", "makes sense", "good to know", "oh okay", "ah okay"]
    /// Words that carry nothing on their own.
    static let fillers: Set<String> = ["um", "uh", "er", "erm", "hmm", "mm", "mmm", "uhm", "ah", "oh", "so", "well", "like",
                                       "yeah", "just", "really", "very", "much", "lot", "a", "then", "and", "please", "sorry",
                                       "excuse", "me", "there", "again", "you", "so", "anyway", "actually", "guys", "oops"]

    /// Everyday yes (DIALOGUE-NOTES §2), beyond the extractor's "yes", "yeah", "sure", "ok".
    static let yesPhrases = ["yes", "yeah", "yep", "yup", "yah", "ya", "sure", "ok", "okay", "correct", "absolutely",
                             "definitely", "certainly", "great", "perfect", "lovely", "fine", "alright", "all right",
                             "sounds good", "sounds great", "sounds perfect", "go ahead", "go for it", "please do", "do it",
                             "do that", "that works", "works for me", "that's right", "that's correct", "thats right",
                             "right", "book it", "go on", "yes please", "of course", "exactly", "affirmative", "uh huh",
                             "mhm", "mm hm", "mm hmm", "mmhmm", "um hm", "uh hum", "that'd be great", "that would be great", "that's perfect", "that's fine", "that's it",
                             "that one", "let's do it", "let's do that", "sure thing", "you bet", "why not", "please",
                             "i do", "it is", "that is", "that's the one", "brilliant", "awesome", "excellent", "cool"]
    static let noPhrases = ["no", "nope", "nah", "negative", "not really", "no thanks", "no thank you", "leave it",
                            "never mind", "nevermind", "forget it", "don't bother", "don't do that", "don't", "keep it",
                            "not now", "not today", "hold off", "not right now", "not yet", "i don't", "no way",
                            "i'd rather not", "rather not", "better not", "wrong", "that's wrong", "that's not right",
                            "not quite", "incorrect", "cancel that", "scratch that", "no no", "i changed my mind"]

    /// The social acts in the turn.
    var socialActs: [SocialAct] {
        var acts: [SocialAct] = []
        if Self.greetings.contains(where: contains) { acts.append(.greeting) }
        if Self.presenceChecks.contains(where: contains) || words == ["hello"] || words == ["hello", "hello"] {
            acts.append(.presenceCheck)
        }
        if Self.thanksPhrases.contains(where: contains) { acts.append(.thanks) }
        if Self.holdPhrases.contains(where: contains) { acts.append(.hold) }
        if Self.acknowledgements.contains(where: contains) { acts.append(.acknowledgement) }
        if Self.repeatRequests.contains(where: contains) || words == ["sorry"] || words == ["what"] { acts.append(.repeatRequest) }
        return acts
    }

    /// The words left once greetings, thanks, fillers and the like are taken out.
    var contentWords: [String] {
        var masked = words
        let phrases = Self.greetings + Self.presenceChecks + Self.thanksPhrases + Self.holdPhrases + Self.acknowledgements
            + Self.closings + Self.repeatRequests
        for phrase in phrases {
            let parts = phrase.split(separator: " ").map(String.init)
            guard !parts.isEmpty, parts.count <= masked.count else { continue }
            var index = 0
            while index + parts.count <= masked.count {
                if Array(masked[index..<index + parts.count]) == parts {
                    for i in index..<index + parts.count { masked[i] = "" }
                    index += parts.count
                } else {
                    index += 1
                }
            }
        }
        return masked.filter { !$0.isEmpty && !Self.fillers.contains($0) }
    }

    /// Nothing but social words and fillers.
    var isOnlySocial: Bool { contentWords.isEmpty }

    /// Yes or no in their everyday forms, when the whole turn is one (with fillers and thanks
    /// around it): "yep", "go for it", "perfect, thanks", "nah, leave it". `nil` otherwise.
    var polarity: Bool? {
        let yes = Self.yesPhrases.contains(where: contains)
        let no = Self.noPhrases.contains(where: contains)
        guard yes || no else { return nil }
        // "hmm, what would that cost, please" is a question, not a yes: beyond the yes/no words
        // little may be left, unless the turn opens with a plain yes or no.
        let opening = words.first(where: { !Self.fillers.contains($0) || ["yeah"].contains($0) })
        let plain: Set<String> = ["yes", "yeah", "yep", "yup", "no", "nope", "nah", "sure", "okay", "ok"]
        let polarityWords = Set((Self.yesPhrases + Self.noPhrases).flatMap { $0.split(separator: " ").map(String.init) })
        let residue = contentWords.filter { !polarityWords.contains($0) }
        guard residue.count <= 2 || opening.map(plain.contains) == true else { return nil }
        if no && !yes { return false }
        if yes && !no { return true }
        if yes && no {
            // "no, that's fine" / "yes, no problem": the first word decides.
            if let first = words.first(where: { !Self.fillers.contains($0) }) {
                if ["no", "nope", "nah"].contains(first) { return false }
                if ["yes", "yeah", "yep", "yup", "sure", "okay", "ok"].contains(first) { return true }
            }
        }
        return nil
    }

    /// A yes that stands even when a goodbye comes with it ("lovely, thanks, that's everything"
    /// to a read-back); "okay" and "alright" alone do not.
    static let firmYes = ["yes", "yeah", "yep", "yup", "sure", "lovely", "perfect", "great", "sounds good", "sounds great",
                          "go ahead", "go for it", "please do", "do it", "book it", "that's right", "that's correct", "correct",
                          "absolutely", "definitely", "brilliant", "excellent", "wonderful", "yes please", "that's it"]

    /// Nothing but a yes or a no and politeness: "yes please", "no, that's fine thanks", "sure,
    /// that would be great" — not "yeah, book it".
    var answersOnlyYesOrNo: Bool {
        let plain: Set<String> = ["yes", "yeah", "yep", "yup", "sure", "please", "no", "nope", "nah", "okay", "ok", "that",
                                  "that's", "would", "be", "great", "fine", "good", "thanks", "thank", "you", "do", "go", "ahead",
                                  "not", "really", "it's", "is", "ok", "alright", "of", "course", "absolutely", "lovely", "perfect",
                                  "that'd", "it'd", "that'll", "wonderful", "brilliant", "awesome", "excellent", "sounds",
                                  "right", "correct", "yup", "definitely", "certainly", "much", "so", "very", "kind",
                                  // "yes please, I'd like that", "I'd appreciate it"
                                  "i", "i'd", "like", "love", "appreciate", "it", "helpful", "nice", "thatd", "id"]
        return polarity != nil && contentWords.allSatisfy(plain.contains)
    }

    var confirmsFirmly: Bool {
        Self.firmYes.contains(where: contains) && !Self.noPhrases.contains(where: contains)
    }

    static let closings = ["goodbye", "bye", "bye bye", "that's all", "that is all", "that's everything",
                           "that is everything", "nothing else", "i'm done", "i am done", "have a good day",
                           "have a nice day", "have a great day", "hang up", "that's it for today", "that's all i needed",
                           "that was all", "that's all for today", "i'm all set", "we're all set", "i'm good thanks",
                           "talk to you later", "see you", "take care", "no that's it", "that's it thanks",
                           "that'll be all", "that will be all", "that's all thanks", "nothing more", "that'll do",
                           "that's it cheers", "that's it bye", "that's it thank you", "cheers bye", "thanks bye",
                           "have a good one", "have a nice one", "have a good day", "have a good weekend", "have a good evening",
                           "talk soon", "catch you later", "bye now", "good bye", "see ya",
                           // A recogniser's "bye" after thanks: "ok thank you by".
                           "thanks that's it", "thank you that's it", "thank you by", "thanks by", "okay by", "ok by", "thank you buy", "thanks buy"]

    /// A question rather than a request or an answer: "do you take Cigna?", "what's the address".
    var isQuestion: Bool {
        if opensAsQuestion || questionSentences.contains(where: Self.opensAsQuestion) { return true }
        // A whole turn ending in "?" is a question, unless it is just a value said rising ("the third?").
        return endsWithQuestionMark && questionSentences.count == 1 && words.count >= 3
    }

    /// The turn's first word that is not a filler, greeting or lead-in asks ("um, so where…").
    var opensAsQuestion: Bool { Self.opensAsQuestion(words) }

    static func opensAsQuestion(_ words: [String]) -> Bool {
        let starts: Set<String> = ["what", "what's", "whats", "when", "when's", "where", "where's", "who", "who's", "why", "how",
                                   "how's", "which", "do", "does", "did", "is", "are", "can", "could", "will", "would", "should",
                                   "have", "has"]
        let lead: Set<String> = ["quick", "question", "one", "also", "but", "okay", "ok", "yes", "no", "right", "alright"]
        guard let first = words.first(where: { !fillers.contains($0) && !greetings.contains($0) && !lead.contains($0) }) else { return false }
        return starts.contains(first)
    }
}
