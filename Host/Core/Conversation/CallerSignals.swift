/// Cheap lexical signals in what the caller said: asking for a person, frustration, closing the
/// call, picking a clarification option. Written for recogniser output (lower case, no
/// punctuation) and typed text alike.
struct CallerSignals {
    let words: [String]
    private let joined: String
    let endsWithQuestionMark: Bool
    /// "is doctor patel still there? she did my crown": a question, though it does not end in one
    /// (each sentence that ends in "?", by its first words; "on the third?" asks nothing).
    let questionSentences: [[String]]

    init(_ utterance: String) {
        endsWithQuestionMark = utterance.last(where: { !$0.isWhitespace }) == "?"
        var questions: [[String]] = []
        var sentence = ""
        for character in utterance.lowercased() {
            if ".!?".contains(character) {
                if character == "?" {
                    questions.append(sentence.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" }).map(String.init))
                }
                sentence = ""
            } else {
                sentence.append(character)
            }
        }
        questionSentences = questions
        let text = String(utterance.lowercased().map { (c: Character) -> Character in c == "\u{2019}" ? "'" : c })
        let raw: [Substring] = text.split(whereSeparator: { (c: Character) -> Bool in !c.isLetter && !c.isNumber && c != "'" })
        words = raw.map { (word: Substring) -> String in Self.apostrophes[String(word)] ?? String(word) }
        joined = " " + words.joined(separator: " ") + " "
        var grams = Set<String>()
        for start in words.indices {
            var gram = ""
            for end in start..<min(words.count, start + Self.longestGram) {
                gram += (end == start ? "" : " ") + words[end]
                grams.insert(gram)
            }
        }
        self.grams = grams
    }

    /// Every run of up to ``longestGram`` words, so a phrase test is one set lookup (a substring
    /// search per phrase, hundreds a turn, cost more than the rest of the session's work).
    private let grams: Set<String>
    static let longestGram = 6

    func contains(_ phrase: String) -> Bool {
        phrase.utf8.count(where: { $0 == UInt8(ascii: " ") }) < Self.longestGram ? grams.contains(phrase) : joined.contains(" \(phrase) ")
    }

    /// Recognisers write contractions without the apostrophe ("thats it", "im done"): the
    /// unambiguous ones get it back, so phrase lists need one spelling.
    static let apostrophes = [
        "thats": "that's", "whats": "what's", "wheres": "where's", "whens": "when's", "hows": "how's", "im": "i'm",
        "ive": "i've", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "cant": "can't", "wont": "won't",
        "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "youre": "you're", "theyre": "they're", "lets": "let's",
        "thatll": "that'll", "itll": "it'll", "id": "i'd", "youve": "you've", "couldnt": "couldn't", "wouldnt": "wouldn't",
        "shouldnt": "shouldn't", "havent": "haven't", "hasnt": "hasn't", "theres": "there's", "heres": "here's",
    ]

    /// "let me talk to a person", "representative", "get me a human".
    var asksForPerson: Bool {
        let people = ["person", "human", "someone", "somebody", "representative", "operator", "agent",
                      "manager", "supervisor", "staff", "people"]
        let verbs = ["talk", "speak", "connect", "transfer", "put", "get", "want", "need"]
        if words.count <= 3, words.contains(where: { ["representative", "operator", "human", "agent"].contains($0) }) {
            return true
        }
        if contains("real person") || contains("live person") || contains("actual person") { return true }
        // On a phone line these ask for a transfer whoever they name ("put me through to whoever
        // deals with insurance claims").
        if ["put me through", "transfer me", "connect me", "put me on to", "whoever deals with", "whoever handles",
            "whoever is in charge"].contains(where: contains), !contains("don't") { return true }
        // "is there anyone there I could talk to?", "can I speak with anybody about my bill"
        // ("does anyone there speak Spanish?" asks no such thing).
        if words.contains(where: { $0 == "anyone" || $0 == "anybody" }),
           ["talk to", "talk with", "speak to", "speak with"].contains(where: contains),
           !contains("no one"), !contains("don't") { return true }
        // The person is what the verb asks for, a few words after it ("I need to speak with
        // someone", "get me a human"), not who did something ("someone told me new patients get
        // the first exam free", "the staff were lovely, I want to book again").
        guard !contains("no one"), !contains("not a person") else { return false }
        for (index, word) in words.enumerated() where verbs.contains(word) {
            if words[(index + 1)..<min(words.count, index + 6)].contains(where: people.contains) { return true }
        }
        return false
    }

    /// "can someone call me back about both of those?": a person, later. (A skill may take call
    /// backs itself: this asks for a person only when no intent was decided.)
    var asksForCallBack: Bool {
        ["call me back", "someone call me", "somebody call me", "ring me back", "have someone call"].contains(where: contains)
            && !contains("don't") && !contains("no need")
    }

    /// Strong markers of frustration; any one escalates.
    var soundsFrustrated: Bool {
        for marker in Self.frustrationMarkers {
            var start = 0
            while start + marker.count <= words.count {
                defer { start += 1 }
                guard words[start..<start + marker.count].elementsEqual(marker),
                      !aimedElsewhere(before: start, after: start + marker.count) else { continue }
                return true
            }
        }
        return false
    }

    static let frustrationMarkers = [
        "ridiculous", "useless", "stupid", "pointless", "hopeless", "waste of time",
        "fed up", "sick of", "not listening", "are you even listening", "this is not working",
        "this isn't working", "you're not helping", "you are not helping", "not helping", "isn't helping",
        "no help at all", "so frustrating", "going nowhere", "getting nowhere", "not getting anywhere",
        "frustrated", "frustrating", "unbelievable", "for god's sake", "damn it", "dammit",
    ].map { $0.split(separator: " ").map(String.init) }

    /// Whether the words around a frustration marker aim it at something other than the call:
    /// "my GPS is hopeless", "the parking there is ridiculous", "sick of my tooth aching",
    /// "frustrated with my insurance" (but "the system is useless", "this is ridiculous").
    func aimedElsewhere(before start: Int, after end: Int) -> Bool {
        let owners: Set<String> = ["my", "the", "his", "her", "their", "our", "that"]
        let theCall: Set<String> = ["system", "service", "call", "line", "machine", "robot", "bot", "computer", "menu",
                                    "assistant", "agent", "thing", "conversation", "automated"]
        // Nearest "my …"/"the …" in the few words before, with no "you" or "this" after it.
        for index in stride(from: start - 1, through: max(0, start - 4), by: -1) {
            if ["you", "you're", "this", "it's", "it"].contains(words[index]) { break }
            if owners.contains(words[index]), index + 1 < start { return !theCall.contains(words[index + 1]) }
        }
        // "… with my insurance", "… of the pain", "… about my tooth".
        if end + 1 < words.count, ["with", "of", "about", "by"].contains(words[end]) || (words[end - 1] == "of" && owners.contains(words[end])) {
            let owner = words[end - 1] == "of" ? end : end + 1
            if owner + 1 < words.count, owners.contains(words[owner]) { return !theCall.contains(words[owner + 1]) }
        }
        return false
    }

    /// "no that's all", "goodbye", "that's everything thanks".
    /// A goodbye ends the turn: "I'm coming to see you next week, is there parking?" says "see
    /// you" and no goodbye, so only the last words count.
    var closesCall: Bool {
        guard !asksForPerson else { return false }
        let tail = " " + words.suffix(Self.closingTailWords).joined(separator: " ") + " "
        guard Self.closings.contains(where: { tail.contains(" \($0) ") }) else { return false }
        // "where can I see you on the internet?", "do you take care of kids?": a question that
        // says a closing phrase along the way asks something; it closes only when it ends on one
        // ("what time do you close? thanks, bye").
        guard opensAsQuestion else { return true }
        return Self.closings.contains { phrase in
            let parts = phrase.split(separator: " ").map(String.init)
            guard let start = words.indices.last(where: { words[$0...].starts(with: parts) }) else { return false }
            return words[(start + parts.count)...].allSatisfy(Self.farewellTail.contains)
        }
    }

    /// Words that may follow a closing phrase at the end of a turn ("see you soon then, thanks").
    static let farewellTail: Set<String> = ["then", "now", "thanks", "thank", "you", "cheers", "bye", "soon", "later", "again",
                                            "take", "care", "have", "a", "good", "nice", "great", "day", "one", "all", "okay",
                                            "ok", "so", "much", "everyone", "guys", "folks", "dear", "love", "mate"]
    static let closingTailWords = 7

    /// "let's finish the booking", "back to the payment": going back to something left earlier.
    /// "rather than cancel it, could I move it", "instead of paying": the caller turns away from
    /// what they were asked to confirm. (A trailing "instead" — "Tuesday instead" — changes a
    /// value, not the task.)
    var turnsAway: Bool {
        contains("rather than") || contains("instead of")
    }

    var returnsToEarlierTask: Bool {
        ["finish", "back", "continue", "resume", "earlier", "before", "unfinished"].contains(where: words.contains)
    }

    /// "the first one" → 0, "the second" → 1, "the last one" → last.
    /// What may follow an ordinal that picks an option ("" is the end of the turn).
    static let afterOrdinal: Set<String> = ["", "one", "option", "choice", "please", "thanks", "thank", "then", "i", "is", "sounds", "for"]

    func ordinal(count: Int) -> Int? {
        let table: [(String, Int)] = [("first", 0), ("1st", 0), ("one", 0), ("second", 1), ("2nd", 1), ("two", 1),
                                      ("third", 2), ("3rd", 2), ("three", 2)]
        guard words.count <= 6 else { return nil }
        if contains("last") || contains("the latter") || contains("later one") || contains("the later") { return count - 1 }
        if contains("the former") || contains("earlier one") || contains("the earlier") { return 0 }
        for (word, index) in table where index < count && contains(word) {
            if word == "one" || word == "two" || word == "three" {
                // "one" alone is too common; accept only "option one" / "number one".
                guard contains("option \(word)") || contains("number \(word)") else { continue }
            } else {
                // "the first (one)", "second, please" pick an option; "first thing, like nine?",
                // "the first of December" and "second week" do not.
                let follows = words.indices.filter { words[$0] == word }.map { $0 + 1 < words.count ? words[$0 + 1] : "" }
                guard follows.contains(where: Self.afterOrdinal.contains) else { continue }
            }
            return index
        }
        return nil
    }
}
