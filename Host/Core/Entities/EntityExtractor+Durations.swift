/// A unit a caller measures a duration in.
enum DurationUnit {
    case minute, hour

    init?(_ word: String) {
        switch word {
        case "minute", "minutes", "min", "mins": self = .minute
        case "hour", "hours", "hr", "hrs": self = .hour
        default: return nil
        }
    }

    var minutes: Double { self == .hour ? 60 : 1 }
}

extension EntityExtractor {
    // MARK: Durations

    /// A length of time: "for thirty minutes", "an hour and a half", "half an hour",
    /// "a quarter of an hour", "a couple of hours", "one and a half hours", "1.5 hours", "45 min",
    /// "two hours and fifteen minutes". A leading "for" is part of the entity.
    ///
    /// Not a duration: a number of minutes before "past"/"to" and an hour ("twenty minutes past
    /// two" is a time), and "half"/"quarter" not followed by an hour ("half past two").
    func duration(_ words: [String], at start: Int) -> (Entity, Int)? {
        var index = start
        if words[index] == "for", index + 1 < words.count { index += 1 }
        guard let term = durationTerm(words, at: index) else { return nil }
        var (minutes, end) = (term.minutes, term.end)
        // "two hours and thirty minutes", "1 hour 30 min".
        if term.unit == .hour {
            let next = end < words.count && words[end] == "and" ? end + 1 : end
            if let (more, moreUnit, moreEnd) = durationTerm(words, at: next), moreUnit == .minute {
                minutes += more
                end = moreEnd
            }
        }
        if end < words.count, words[end] == "past" || words[end] == "to", Self.isClockHour(words, at: end + 1) {
            return nil
        }
        let text = words[start..<end].joined(separator: " ")
        guard let whole = Self.whole(minutes) else { return nil }
        return (Entity(.duration(minutes: whole), text: text), end - start)
    }

    /// One amount and its unit, with a fraction said before or after the unit.
    private func durationTerm(_ words: [String], at start: Int) -> (minutes: Double, unit: DurationUnit, end: Int)? {
        guard start < words.count else { return nil }
        var index = start
        // "half an hour", "a half hour", "a quarter of an hour", "three quarters of an hour".
        if let (fraction, length) = Self.fractionOfAnHour(words, at: index) {
            return (fraction * 60, .hour, index + length)
        }
        // "a couple of hours", "couple minutes".
        var amount: Double
        if words[index] == "a" || words[index] == "an", index + 1 < words.count, words[index + 1] == "couple" {
            index += 1
        }
        if words[index] == "couple" {
            amount = 2
            index += 1
            if index < words.count, words[index] == "of" { index += 1 }
        } else if words[index] == "a" || words[index] == "an" || words[index] == "another" {
            // "an hour", "another hour" (as much again)
            amount = 1
            index += 1
        } else if words[index].contains("."), words[index].first?.isASCIIDigitCharacter == true, let decimal = Double(words[index]) {
            amount = decimal
            index += 1
        } else if let (number, length) = SpokenNumbers.cardinal(words, at: index) {
            amount = Double(number)
            index += length
        } else {
            return nil
        }
        // "one and a half hours".
        if let (fraction, length) = Self.andAFraction(words, at: index) {
            amount += fraction
            index += length
        }
        guard index < words.count, let unit = DurationUnit(words[index]), amount > 0 else { return nil }
        index += 1
        // "an hour and a half".
        if let (fraction, length) = Self.andAFraction(words, at: index) {
            amount += fraction
            index += length
        }
        return (amount * unit.minutes, unit, index)
    }

    /// "half an hour", "a half hour", "quarter of an hour", "a quarter hour", "three quarters of an
    /// hour": the fraction of an hour and how many words it used.
    private static func fractionOfAnHour(_ words: [String], at start: Int) -> (Double, Int)? {
        var index = start
        var fraction: Double
        if words[index] == "three", index + 1 < words.count, words[index + 1] == "quarters" {
            fraction = 0.75
            index += 2
        } else {
            if words[index] == "a" { index += 1 }
            guard index < words.count else { return nil }
            switch words[index] {
            case "half": fraction = 0.5
            case "quarter": fraction = 0.25
            default: return nil
            }
            index += 1
        }
        if index < words.count, words[index] == "of" { index += 1 }
        if index < words.count, words[index] == "an" || words[index] == "a" { index += 1 }
        guard index < words.count, words[index] == "hour" else { return nil }
        return (fraction, index + 1 - start)
    }

    /// "and a half", "and a quarter", "and three quarters".
    private static func andAFraction(_ words: [String], at start: Int) -> (Double, Int)? {
        guard start + 2 < words.count, words[start] == "and" else { return nil }
        switch (words[start + 1], words[start + 2]) {
        case ("a", "half"): return (0.5, 3)
        case ("a", "quarter"): return (0.25, 3)
        case ("three", "quarters"): return (0.75, 3)
        default: return nil
        }
    }
}
