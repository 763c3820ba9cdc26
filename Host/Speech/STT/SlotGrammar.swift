/// A small grammar decoded instead of the language model while the session awaits one kind of slot.
///
/// The grammars hold no "um" or "uh": on phone audio a free filler at the start of a grammar was
/// matched to the line noise before the first word far more often than callers say one.
///
/// Grammars are fast (real-time factor ≈ 0.02) and exact inside their language, but they force
/// every utterance into it: switch one in only for the answer to a slot question, then back.
public enum SlotGrammar: String, Sendable, Hashable, CaseIterable {
    /// Yes or no, with the usual ways of saying them ("yeah", "that's right", "no thanks").
    case yesNo
    /// A string of digits ("four two seven nine one", "oh" for zero, "double five").
    case digits
    /// A day: a weekday, a date in the month, "tomorrow", "next Tuesday", "March third".
    case date
    /// A time of day: "three thirty", "ten a.m.", "half past two", "noon".
    case time

    /// The search name the grammar is registered under in a decoder.
    var searchName: String { "slot_" + rawValue }

    /// The grammar in JSGF (Java Speech Grammar Format), as PocketSphinx's `ps_set_jsgf_string` reads it.
    public var jsgf: String {
        "#JSGF V1.0;\ngrammar \(searchName);\n" + rules.map { "\($0.public ? "public " : "")<\($0.name)> = \($0.body);" }
            .joined(separator: "\n") + "\n"
    }

    /// Every word the grammar can produce: they must all be in the decoder's dictionary.
    public var vocabulary: Set<String> {
        var words = Set<String>()
        for rule in rules {
            for token in rule.body.split(whereSeparator: { " |()[]+*;".contains($0) }) where !token.hasPrefix("<") {
                words.insert(String(token))
            }
        }
        return words
    }

    private struct Rule {
        var name: String
        var body: String
        var `public` = false
    }

    private static func choice(_ items: some Sequence<String>) -> String {
        "(" + items.joined(separator: " | ") + ")"
    }

    private var rules: [Rule] {
        switch self {
        case .yesNo:
            // A confirmation after "no" is not offered: "no that's right" must not be heard for
            // "no that's not right".
            return [
                Rule(name: "answer", body: "(<yes> | <no>) [please | thanks | thank you]", public: true),
                Rule(name: "yes", body: "([yes | yeah | yep] <confirm> | " + Self.choice([
                    "yes", "yeah", "yep", "yup", "sure", "correct", "right", "okay", "absolutely", "definitely",
                    "of course", "please do", "go ahead", "yes please", "yes it is", "i do", "sounds good",
                    "that works", "perfect",
                ]) + ")"),
                Rule(name: "confirm", body: "(that's right | that's correct | that's fine | it is)"),
                Rule(name: "no", body: "([no | nope] <deny> | " + Self.choice([
                    "no", "nope", "nah", "not really", "no thanks", "no thank you", "i don't", "don't", "never mind",
                    "not at all",
                ]) + ")"),
                Rule(name: "deny", body: "(that's wrong | that's not right | that's not correct | it isn't | it's not)"),
            ]
        case .digits:
            return [
                Rule(name: "number", body: "[<lead>] (<digit> | double <digit>)+", public: true),
                Rule(name: "lead", body: "(it's | it is | my number is | the number is)"),
                Rule(name: "digit", body: Self.choice(SpokenNumberWords.ones[0...9] + ["oh"])),
            ]
        case .date:
            let ordinals = (1...31).map(SpokenNumberWords.ordinal)
            return [
                Rule(name: "date", body: "[on | for] (<relative> | <day>) [<part>]", public: true),
                Rule(name: "relative", body: "(today | tomorrow | the day after tomorrow | next week | this week)"),
                Rule(name: "day", body: "([this | next | this coming] <weekday> | [the] <ordinal> [of <month>] | <month> [the] <ordinal> | <weekday> the <ordinal>)"),
                Rule(name: "part", body: "([in the] (morning | afternoon | evening) | at lunchtime)"),
                Rule(name: "weekday", body: Self.choice(SpokenNumberWords.weekdays)),
                Rule(name: "month", body: Self.choice(SpokenNumberWords.months)),
                Rule(name: "ordinal", body: Self.choice(ordinals)),
            ]
        case .time:
            let hours = (1...12).map(SpokenNumberWords.cardinal)
            let minutes = (1...59).map(SpokenNumberWords.clockMinutes)
            return [
                Rule(name: "time", body: "[at | around | about | by] <clock> [<part>]", public: true),
                Rule(name: "clock", body: "(<hour> [o'clock | <minute>] | noon | midday | midnight | half past <hour> | quarter past <hour> | quarter to <hour> | <minute> past <hour>)"),
                Rule(name: "part", body: "(a.m. | p.m. | in the morning | in the afternoon | in the evening | tonight)"),
                Rule(name: "hour", body: Self.choice(hours)),
                Rule(name: "minute", body: Self.choice(minutes)),
            ]
        }
    }
}
