/// English number words in the dictionary's forms, shared by the text normaliser, the
/// conversational core of the language model and the slot grammars.
enum SpokenNumberWords {
    static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen",
    ]
    static let tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    static let onesOrdinal = [
        "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
        "seventeenth", "eighteenth", "nineteenth",
    ]
    static let tensOrdinal = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"]

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ]

    /// "forty two", "one hundred five", "two thousand twenty four" for 0 ..< 1,000,000,000.
    static func cardinal(_ value: Int) -> String {
        precondition(value >= 0 && value < 1_000_000_000)
        if value < 20 { return ones[value] }
        if value < 100 {
            let rest = value % 10
            return rest == 0 ? tens[value / 10] : tens[value / 10] + " " + ones[rest]
        }
        for (size, name) in [(1_000_000, "million"), (1000, "thousand"), (100, "hundred")] where value >= size {
            let rest = value % size
            let head = cardinal(value / size) + " " + name
            return rest == 0 ? head : head + " " + cardinal(rest)
        }
        preconditionFailure("unreachable")
    }

    /// "first", "twenty second", "one hundredth".
    static func ordinal(_ value: Int) -> String {
        precondition(value >= 0 && value < 1_000_000_000)
        if value < 20 { return onesOrdinal[value] }
        if value < 100 {
            let rest = value % 10
            return rest == 0 ? tensOrdinal[value / 10] : tens[value / 10] + " " + onesOrdinal[rest]
        }
        let words = cardinal(value).split(separator: " ").map(String.init)
        let rest = value % 100
        if rest == 0 { return words.joined(separator: " ") + "th" }
        let restWords = cardinal(rest).split(separator: " ").count
        return (words.dropLast(restWords) + [ordinal(rest)]).joined(separator: " ")
    }

    /// Each digit as a word: "4 2 0 7" → "four two zero seven".
    static func digits(_ text: some StringProtocol) -> String {
        text.compactMap { $0.wholeNumberValue }.map { ones[$0] }.joined(separator: " ")
    }

    /// A year the way it is said: 1999 → "nineteen ninety nine", 2005 → "two thousand five",
    /// 2024 → "twenty twenty four".
    static func year(_ value: Int) -> String {
        let high = value / 100, low = value % 100
        if value >= 2000 && value < 2010 { return cardinal(value) }
        if low == 0 { return cardinal(high) + " hundred" }
        return cardinal(high) + " " + (low < 10 ? "oh " + ones[low] : cardinal(low))
    }

    /// Minutes past the hour as said on a clock: 5 → "oh five", 30 → "thirty".
    static func clockMinutes(_ minutes: Int) -> String {
        minutes < 10 ? "oh " + ones[minutes] : cardinal(minutes)
    }
}
