/// The general phrases every domain language model gets besides the skills' example phrases:
/// what callers say in any conversation (yes and no, greetings, fillers, asking for a person) and
/// the values slots take (numbers, digit strings, dates, weekdays, months, times of day).
///
/// The phrases are written in dictionary form already. They are kept short and few per pattern so
/// that they teach the model the values without outweighing the skills' sentences.
public enum ConversationalCore {
    /// All core phrases, in a fixed order.
    public static let phrases: [String] = answers + social + fillers + people + calls + numbers + digitStrings + dates + times

    static let answers = [
        "yes", "no", "yeah", "yep", "nope", "sure", "okay", "all right", "correct", "right",
        "yes please", "no thanks", "no thank you", "yes that's right", "yes that's correct", "that's right",
        "that's correct", "that's wrong", "no that's not right", "no that's not what i said", "not really",
        "absolutely", "of course", "sounds good", "that works", "that works for me", "perfect", "that's fine",
        "go ahead", "please do", "yes it is", "no it isn't", "i do", "i don't", "i'm not sure", "i don't know",
        "maybe", "never mind", "forget it", "exactly", "yes go ahead", "no wait", "actually no",
    ]

    static let social = [
        "hi", "hello", "hey", "hi there", "hello there", "good morning", "good afternoon", "good evening",
        "how are you", "i'm good thanks", "thank you", "thanks", "thanks a lot", "thank you very much",
        "thank you so much", "that's all", "that's all thanks", "thank you that's all", "that's it",
        "that's everything", "nothing else", "no that's all", "that's all for today", "goodbye", "bye",
        "bye bye", "have a nice day", "you too", "sorry", "excuse me", "my name is", "this is",
    ]

    static let fillers = [
        "um", "uh", "hmm", "well", "so", "um yes", "uh no", "let me think", "hold on", "hang on",
        "one moment", "just a second", "wait", "what", "pardon", "sorry what was that", "can you repeat that",
        "say that again", "could you say that again please", "i didn't catch that", "what did you say",
        "i have a question", "i also have a question", "one more thing", "and", "also", "actually",
    ]

    static let people = [
        "a person", "a real person", "a human", "someone", "somebody", "an agent", "the operator",
        "a representative", "can i talk to a person", "i want to speak to someone", "talk to a human",
    ]

    /// Why a caller rings, who for, and how a conversation gets steered or repaired.
    static let calls = [
        "i'm calling about", "i'm calling because", "i'm calling about my account", "i'm calling for my son",
        "i'm calling for my daughter", "it's for my wife", "it's for my husband", "it's for my mother",
        "it's for my father", "it's for my child", "it's for me", "i have a question about",
        "i have a question about my account", "i got a letter", "i got an email from you", "i received a text",
        "i received a call from you", "i'm returning your call", "can you help me", "i need some help",
        "i need help with", "can you check that for me", "how does that work", "how long will it take",
        "what do i need to do", "what happens next", "is that possible", "can you do that",
        "this is not helping", "that's not what i meant", "that's not what i asked", "you're not listening",
        "let me start over", "can we start again", "can we go back", "go back", "let me check",
        "let me see", "i changed my mind", "i'm sorry i didn't hear you", "could you speak up",
        "could you slow down", "i'll call back later", "can i call you back", "is anyone there",
        "the earliest you have", "the first available", "as soon as possible", "sometime next week",
        "any time after", "not before", "the same time", "i'll be there", "i can't make it",
        "i moved", "my address changed", "my details changed", "i'm a new customer", "i'm an existing customer",
        "i've been a customer for years", "it says", "it's about", "what about", "how about",
    ]

    /// Numbers to twenty, the tens and a few compounds alone (more would flood the model with
    /// number words: on phone audio they then appear in place of short unclear words), amounts.
    static let numbers: [String] = {
        var phrases = (0...20).map(SpokenNumberWords.cardinal) + (3...9).map { SpokenNumberWords.cardinal($0 * 10) }
        phrases += [25, 35, 42, 45, 55, 75, 99].map(SpokenNumberWords.cardinal)
        phrases += ["one hundred", "two hundred", "five hundred", "a hundred", "one thousand", "a thousand"]
        let amounts = [1, 5, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100, 150, 200, 250, 500]
        phrases += amounts.map { SpokenNumberWords.cardinal($0) + ($0 == 1 ? " dollar" : " dollars") }
        phrases += ["twenty dollars and fifty cents", "ten dollars and twenty five cents", "forty two fifty", "ninety nine cents"]
        phrases += ["number one", "number two", "the first one", "the second one", "the last one", "both", "none"]
        return phrases
    }()

    /// Digit strings that together hold every pair of digits once (a de Bruijn sequence cut into
    /// groups of four and five), plus "oh" for zero and "double".
    static let digitStrings: [String] = {
        var sequence: [Int] = []
        var used = Set<Int>()
        var last = 0
        sequence.append(0)
        while used.count < 100 {
            guard let next = (0...9).reversed().first(where: { !used.contains(last * 10 + $0) }) else { break }
            used.insert(last * 10 + next)
            sequence.append(next)
            last = next
        }
        var phrases: [String] = []
        var index = 0
        while index < sequence.count {
            let length = phrases.count.isMultiple(of: 2) ? 4 : 5
            let group = sequence[index..<min(index + length, sequence.count)]
            phrases.append(group.map { SpokenNumberWords.ones[$0] }.joined(separator: " "))
            index += length
        }
        return phrases + ["oh one two three", "five five five oh one nine two", "double five", "four oh oh seven", "it's two seven nine"]
    }()

    static let dates: [String] = {
        var phrases = ["today", "tomorrow", "the day after tomorrow", "next week", "this week", "later this week",
                       "yesterday", "last week", "this weekend", "next month", "tomorrow morning", "tomorrow afternoon",
                       "this afternoon", "this evening", "tonight"]
        for (index, day) in SpokenNumberWords.weekdays.enumerated() {
            phrases += [day, "on \(day)", "next \(day)", "this \(day)", "\(day) \(["morning", "afternoon"][index % 2])"]
            // A day named on its own in a short answer, the way callers propose one.
            let hour = SpokenNumberWords.cardinal([10, 3, 11, 2, 9, 4, 1][index % 7])
            phrases += ["how about \(day)", "what about \(day) at \(hour)", "\(day) at \(hour)", "is \(day) okay"]
        }
        phrases += SpokenNumberWords.months + SpokenNumberWords.months.map { "in \($0)" }
        // Each day of the month once, in the three ways a date is said.
        for day in 1...31 {
            let month = SpokenNumberWords.months[day % 12], ordinal = SpokenNumberWords.ordinal(day)
            phrases.append(["\(month) \(ordinal)", "the \(ordinal) of \(month)", "on the \(ordinal)"][day % 3])
        }
        return phrases
    }()

    static let times: [String] = {
        var phrases = ["noon", "at noon", "midday", "in the morning", "in the afternoon", "in the evening", "at lunchtime",
                       "first thing in the morning", "any time", "whenever works"]
        for hour in 1...12 {
            let name = SpokenNumberWords.cardinal(hour)
            phrases += ["at \(name)", "\(name) o'clock", "\(name) thirty", "\(name) \(hour < 8 || hour == 12 ? "p.m." : "a.m.")"]
        }
        phrases += ["nine fifteen", "ten forty five", "two fifteen", "four forty five", "eleven fifteen", "three oh five",
                    "half past two", "quarter past ten", "quarter to four", "around three", "about four thirty",
                    "nine a.m.", "ten a.m.", "one p.m.", "three p.m.", "five p.m.", "at three thirty in the afternoon"]
        return phrases
    }()
}
