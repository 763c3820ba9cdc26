/// Reads dates, times, durations, money, digit strings, phone numbers, e-mails and yes/no from
/// what a caller said — spoken forms first: "next Tuesday", "the third", "half past two",
/// "an hour and a half", "forty two fifty", "four two seven", "ana at example dot com".
/// Pure: "today" is given, nothing reads a clock.
///
/// ```swift
/// let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)
/// extractor.extract("can I come in tomorrow afternoon at half past two for an hour")
/// // [date(2026-11-26, afternoon), time(14:30), duration(60)]
/// ```
///
/// Each word belongs to at most one entity. Typed e-mails come first in the result, everything
/// else in the order it was said.
public struct EntityExtractor: Sendable {
    /// The day relative dates ("tomorrow", "next Tuesday") are counted from.
    public var today: CalendarDay
    /// The kind of answer the conversation is waiting for, which licenses readings that would be
    /// too loose in general: "forty two fifty" is money when an amount was asked for, "two" is a
    /// time when a time was asked for.
    var expected: EntityKind?

    /// An extractor that reads relative dates from `today`.
    public init(today: CalendarDay) {
        self.today = today
    }

    /// ``extract(_:)`` while the caller is answering a question for `kind`.
    public func extract(_ utterance: String, expecting kind: EntityKind?) -> [Entity] {
        var answering = self
        answering.expected = kind
        return answering.extract(utterance)
    }

    /// The entities in `utterance`, a recogniser's transcript or typed text.
    public func extract(_ utterance: String) -> [Entity] {
        let (typed, rest) = Self.typedEmails(in: utterance)
        var entities = typed
        var words = Self.words(rest)
        // Words of a spoken e-mail are masked so that no other reading takes them ("ana two").
        var spoken = spokenEmails(in: words)[...]
        for (_, range) in spoken {
            for i in range { words[i] = Self.masked }
        }
        var index = 0
        var sawYesNo = false
        /// Where the last value ended, for repairs ("seventy dollars, sorry, make it sixty").
        var lastEnd = 0
        while index < words.count {
            if let (entity, range) = spoken.first, range.lowerBound <= index {
                entities.append(entity)
                index = max(index, range.upperBound)
                spoken = spoken.dropFirst()
                continue
            }
            // "that one", "the first one": a pronoun, not a number.
            if words[index] == "one", index > 0, Self.pronounOne.contains(words[index - 1]),
               index + 1 >= words.count || (SpokenNumbers.units[words[index + 1]] == nil && SpokenNumbers.tens[words[index + 1]] == nil
                   && words[index + 1] != "hundred" && words[index + 1] != "thousand") {
                index += 1
                continue
            }
            if let (entity, length) = repair(words, at: index, after: entities.last { $0.kind != .yesNo }, endingAt: lastEnd)
                ?? wholeAmount(words, at: index)
                // An amount asked for reads before a time: "one twenty" is money then, not 1:20.
                ?? (expected == .money ? money(words, at: index) : nil)
                ?? duration(words, at: index) ?? date(words, at: index) ?? time(words, at: index)
                ?? money(words, at: index) ?? digits(words, at: index)
            {
                defer { lastEnd = index }
                // "not two, three": the value after "not" is the one the caller does not want.
                let negated = index > 0 && (words[index - 1] == "not" || (index > 1 && words[index - 2] == "not" && ["at", "on", "the"].contains(words[index - 1])))
                let repairs = !entities.isEmpty && lastEnd < index && words[lastEnd..<index].contains(where: Self.repairCues.contains)
                entities.append(Entity(entity.value, text: entity.text, negated: negated, repairs: repairs))
                index += length
                continue
            }
            if !sawYesNo, let answer = yesNo(words, at: index) {
                entities.append(Entity(.yesNo(answer.value), text: words[index..<index + answer.length].joined(separator: " ")))
                sawYesNo = true
                index += answer.length
                continue
            }
            index += 1
        }
        return entities
    }

    /// "all of it", "the full balance", "the whole amount", "pay it off": the whole amount.
    static let wholeAmountPhrases: [[String]] = [
        "all of it", "all of that", "the whole amount", "the full amount", "the whole balance", "the full balance",
        "the entire balance", "the entire amount", "the whole thing", "the whole lot", "the lot", "everything i owe",
        "all i owe", "the total", "the whole bill", "the full bill", "in full", "all of the balance", "the balance in full",
        "pay it off", "pay it all", "pay off the balance", "pay off the whole", "clear the balance", "clear it",
        "whatever i owe", "what i owe", "the rest of it", "the remaining balance",
        // "pay off whatever's left on my bill" (not "what's left?", which asks the balance)
        "whatever's left", "whatever is left", "whatever remains", "whatever's outstanding", "whatever is outstanding",
        "the remainder", "the remaining amount", "the outstanding balance", "the outstanding amount",
    ].map { $0.split(separator: " ").map(String.init) }

    static let wholeAmountStarts = Set(wholeAmountPhrases.compactMap(\.first))
    static let destinationWords: Set<String> = ["toward", "towards", "against", "into", "onto"]
    static let payingVerbs: Set<String> = ["do", "pay", "afford", "manage", "cover", "clear", "put"]
    static let negations: Set<String> = ["can't", "cannot", "cant", "won't", "don't", "couldn't", "not", "never"]

    func wholeAmount(_ words: [String], at index: Int) -> (Entity, Int)? {
        guard Self.wholeAmountStarts.contains(words[index]) else { return nil }
        // "put forty dollars toward what I owe": where the money goes, not how much.
        if index > 0, Self.destinationWords.contains(words[index - 1]) { return nil }
        // "I can't do all of that today", "not the whole thing": what the caller will not pay.
        if index > 0, words[index - 1] == "not" { return nil }
        if index > 1, Self.payingVerbs.contains(words[index - 1]), Self.negations.contains(words[index - 2]) { return nil }
        for phrase in Self.wholeAmountPhrases where index + phrase.count <= words.count {
            if words[index..<index + phrase.count].elementsEqual(phrase) {
                return (Entity(.wholeAmount, text: phrase.joined(separator: " ")), phrase.count)
            }
        }
        return nil
    }

    /// Words after which "one" stands for a thing ("that one", "the other one").
    static let pronounOne: Set<String> = ["that", "this", "the", "which", "other", "each", "any", "no", "every", "another",
                                          "same", "last", "first", "second", "next", "right", "wrong", "earlier", "later",
                                          "new", "old", "better", "cheaper", "big", "small", "latest",
                                          // "the eighty nine dollar one": the charge, not $1
                                          "dollar", "dollars", "bucks"]

    // MARK: Repairs

    static let repairCues: Set<String> = ["sorry", "wait", "actually", "instead", "rather", "no", "mean", "make", "scratch", "correction", "oops"]

    /// A value repaired in the same breath, read as the kind of the value it repairs:
    /// "seventy dollars, sorry, make it sixty" (money), "six five three four, sorry, no, six
    /// five four three" (the phone number's last digits), "at two, no, three" (a time).
    private func repair(_ words: [String], at index: Int, after previous: Entity?, endingAt end: Int) -> (Entity, Int)? {
        guard let previous, !previous.negated, end < index, words[end..<index].contains(where: Self.repairCues.contains) else { return nil }
        var reader = self
        switch previous.value {
        case .money, .wholeAmount:
            reader.expected = .money
            return reader.money(words, at: index)
        case .time:
            reader.expected = .time
            return reader.time(words, at: index)
        case .phoneNumber(let number):
            let (digits, length) = SpokenNumbers.digitString(words, at: index)
            guard (1..<number.count).contains(digits.count) else { return nil }
            let repaired = String(number.dropLast(digits.count)) + digits
            return (Entity(.phoneNumber(repaired), text: words[index..<index + length].joined(separator: " ")), length)
        default:
            return nil
        }
    }

    // MARK: Words

    /// Lower-cased words; "$", ":" and "." inside numbers survive ("$42.50", "3:30"), a digit run
    /// glued to letters is split off ("3pm" → "3", "pm"; "3rd" stays for ordinals).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        for raw in text.lowercased().split(whereSeparator: { $0.isWhitespace }) {
            var word = ""
            for character in raw {
                if character.isLetter || character.isNumber || character == "'" {
                    word.append(character)
                } else if (character == ":" || character == ".") && word.last?.isNumber == true {
                    word.append(character)
                } else if character == "$" {
                    if !word.isEmpty { words.append(word) }
                    word = "$"
                } else {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                }
            }
            while word.last == "." || word.last == ":" { word.removeLast() }
            word = dropPossessive(word)
            if !word.isEmpty { words.append(contentsOf: splitNumberSuffix(word)) }
        }
        return words
    }

    /// "thirty's", "tuesday's", "nine's": the "'s" (is, or a possessive) of a value word goes, so
    /// "ten thirty's good" is 10:30 and "Tuesday's best" is a Tuesday.
    static func dropPossessive(_ word: String) -> String {
        guard word.hasSuffix("'s") || word.hasSuffix("\u{2019}s") else { return word }
        let stem = String(word.dropLast(2))
        let isValueWord = SpokenNumbers.units[stem] != nil || SpokenNumbers.tens[stem] != nil || SpokenNumbers.ordinals[stem] != nil
            || weekdays[stem] != nil || months[stem] != nil || ["today", "tomorrow", "noon", "midday", "midnight", "o'clock"].contains(stem)
            || (!stem.isEmpty && stem.allSatisfy(\.isNumber))
        return isValueWord ? stem : word
    }

    /// Stands in for a word already read as part of a spoken e-mail; no reading accepts it.
    static let masked = "@"

    private static func splitNumberSuffix(_ word: String) -> [String] {
        guard let first = word.first, first.isNumber || first == "$" else { return [word] }
        for suffix in ["am", "pm", "a.m", "p.m"] where word.hasSuffix(suffix) && word.count > suffix.count {
            return [String(word.dropLast(suffix.count)), suffix.filter { $0 != "." }]
        }
        // "90min", "2hrs", "1.5hours": a number glued to a unit of time.
        for suffix in ["minutes", "minute", "mins", "min", "hours", "hour", "hrs", "hr"] where word.hasSuffix(suffix) {
            let number = word.dropLast(suffix.count)
            if number.first?.isASCIIDigitCharacter == true, number.allSatisfy({ $0.isASCIIDigitCharacter || $0 == "." }),
               number.last != "." {
                return [String(number), suffix]
            }
        }
        return [word]
    }

    // MARK: Dates

    static let weekdays = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7]
    static let months = [
        "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
        "september": 9, "october": 10, "november": 11, "december": 12,
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    static let partsOfDay: [String: PartOfDay] = ["morning": .morning, "afternoon": .afternoon, "evening": .evening, "night": .night]

    func date(_ words: [String], at start: Int) -> (Entity, Int)? {
        // "a week from Monday", "two weeks from tomorrow", "a week on Friday": that day, weeks on.
        if start + 3 < words.count, words[start + 1] == "week" || words[start + 1] == "weeks",
           let weeks = ["a": 1, "one": 1, "two": 2, "three": 3][words[start]], words[start + 2] == "from" || words[start + 2] == "on",
           let (base, length) = date(words, at: start + 3), case .date(let day, let part) = base.value {
            return (Entity(.date(day.adding(days: 7 * weeks), partOfDay: part), text: words[start..<start + 3 + length].joined(separator: " ")),
                    3 + length)
        }
        var index = start
        var day: CalendarDay?
        let word = words[index]
        if word == "today" {
            day = today
            index += 1
        } else if word == "tonight" {
            return (Entity(.date(today, partOfDay: .night), text: word), 1)
        } else if word == "tomorrow" {
            day = today.adding(days: 1)
            index += 1
        } else if word == "day", words.count > index + 2, words[index + 1] == "after", words[index + 2] == "tomorrow" {
            day = today.adding(days: 2)
            index += 3
        } else if let (weekday, length) = weekday(words, at: index) {
            if index + length < words.count, let (named, extra) = namedDate(words, at: index + length, weekday: weekday) {
                // "Thursday the third", "Friday the fourth of December": the date named.
                day = named
                index += length + extra
            } else {
                // "Tuesday" and "next Tuesday": the first Tuesday after today; "this Tuesday" may be today.
                let thisOne = words[index] == "this"
                var ahead = (weekday - today.weekday + 7) % 7
                if ahead == 0 && !thisOne { ahead = 7 }
                index += length
                // "Thursday week", "Monday after next": a week after the coming one.
                if index < words.count, words[index] == "week" {
                    ahead += 7
                    index += 1
                } else if index + 1 < words.count, words[index] == "after", words[index + 1] == "next" {
                    ahead += 7
                    index += 2
                }
                day = today.adding(days: ahead)
            }
        } else if let (month, dayNumber, length) = monthAndDay(words, at: index) {
            day = upcoming(month: month, day: dayNumber)
            index += length
        } else if word == "the" || word == "on", let (dayNumber, length) = theOrdinal(words, at: index),
                  !(index + length < words.count && ["one", "ones", "option", "choice"].contains(words[index + length])) {
            // ("the second one" picks from a list; it is no date)
            if let month = words.count > index + length + 1 && words[index + length] == "of" ? Self.months[words[index + length + 1]] : nil {
                day = upcoming(month: month, day: dayNumber)
                index += length + 2
            } else {
                day = upcomingDayOfMonth(dayNumber)
                index += length
            }
        }
        guard let found = day else { return nil }
        var part: PartOfDay?
        if index < words.count, let p = Self.partsOfDay[words[index]] {
            part = p
            index += 1
        } else if index + 1 < words.count, words[index] == "in" || words[index] == "at", words[index + 1] == "the",
                  index + 2 < words.count, let p = Self.partsOfDay[words[index + 2]] {
            part = p
            index += 3
        }
        return (Entity(.date(found, partOfDay: part), text: words[start..<index].joined(separator: " ")), index - start)
    }

    /// The date after a weekday: "the third (of December)", "December 3rd", or a bare "third"
    /// when a third falling on that weekday is near. A day of the month without a month is the
    /// next one that falls on the weekday said, if one does within a year.
    private func namedDate(_ words: [String], at index: Int, weekday: Int) -> (CalendarDay, Int)? {
        if let (month, dayNumber, length) = monthAndDay(words, at: index), let day = upcoming(month: month, day: dayNumber) {
            return (day, length)
        }
        if let (dayNumber, length) = theOrdinal(words, at: index) {
            if index + length + 1 < words.count, words[index + length] == "of", let month = Self.months[words[index + length + 1]],
               let day = upcoming(month: month, day: dayNumber) {
                return (day, length + 2)
            }
            if let day = upcomingDayOfMonth(dayNumber, weekday: weekday) ?? upcomingDayOfMonth(dayNumber) { return (day, length) }
        }
        if let (dayNumber, length) = SpokenNumbers.ordinal(words, at: index), (1...31).contains(dayNumber),
           let day = upcomingDayOfMonth(dayNumber, weekday: weekday, months: 2) {
            return (day, length)
        }
        return nil
    }

    private func upcomingDayOfMonth(_ day: Int, weekday: Int, months: Int = 12) -> CalendarDay? {
        for offset in 0..<months {
            let month = (today.month - 1 + offset) % 12 + 1
            let year = today.year + (today.month - 1 + offset) / 12
            if let candidate = CalendarDay(year: year, month: month, day: day), candidate >= today, candidate.weekday == weekday {
                return candidate
            }
        }
        return nil
    }

    private func weekday(_ words: [String], at index: Int) -> (Int, Int)? {
        if let day = Self.weekdays[words[index]] { return (day, 1) }
        if ["next", "this", "on"].contains(words[index]), index + 1 < words.count, let day = Self.weekdays[words[index + 1]] {
            return (day, 2)
        }
        return nil
    }

    /// "March 3rd", "march third", "march 3", "3rd of March" is handled by the caller.
    private func monthAndDay(_ words: [String], at index: Int) -> (Int, Int, Int)? {
        guard let month = Self.months[words[index]], index + 1 < words.count else { return nil }
        if let (day, length) = SpokenNumbers.ordinal(words, at: index + 1) { return (month, day, 1 + length) }
        if let (day, length) = SpokenNumbers.cardinal(words, at: index + 1), (1...31).contains(day) { return (month, day, 1 + length) }
        return nil
    }

    /// "the third", "on the 3rd", "the twenty first".
    private func theOrdinal(_ words: [String], at index: Int) -> (Int, Int)? {
        var i = index
        if words[i] == "on" { i += 1 }
        guard i < words.count, words[i] == "the" else { return nil }
        guard let (day, length) = SpokenNumbers.ordinal(words, at: i + 1), (1...31).contains(day) else { return nil }
        // "the first exam is free", "the second floor", "the third time": an ordinal of a thing.
        if i + 1 + length < words.count, Self.orderedThings.contains(words[i + 1 + length]) { return nil }
        return (day, i + 1 + length - index)
    }

    /// Nouns an ordinal counts rather than a day of the month.
    static let orderedThings: Set<String> = [
        "exam", "exams", "time", "times", "visit", "visits", "appointment", "appointments", "one", "ones", "thing", "things",
        "option", "payment", "payments", "charge", "charges", "step", "floor", "cleaning", "checkup", "check", "consultation",
        "patient", "session", "slot", "slots", "opening", "name", "number", "digit", "digits", "letter", "card", "place",
        "person", "call", "week", "weeks", "month", "months", "year", "years", "day", "days", "half", "hour", "bill", "line",
        "item", "question", "part", "tooth", "filling", "crown", "kid", "child", "son", "daughter", "available", "free",
    ]

    private func upcoming(month: Int, day: Int) -> CalendarDay? {
        for year in [today.year, today.year + 1] {
            if let candidate = CalendarDay(year: year, month: month, day: day), candidate >= today { return candidate }
        }
        return nil
    }

    private func upcomingDayOfMonth(_ day: Int) -> CalendarDay? {
        for offset in 0..<3 {
            let month = (today.month - 1 + offset) % 12 + 1
            let year = today.year + (today.month - 1 + offset) / 12
            if let candidate = CalendarDay(year: year, month: month, day: day), candidate >= today { return candidate }
        }
        return nil
    }

    // MARK: Times

    func time(_ words: [String], at start: Int) -> (Entity, Int)? {
        var index = start
        if Self.isTimeCue(words, at: index), index + 1 < words.count { index += 1 }
        let word = words[index]
        var hour: Int
        var minute = 0
        var explicit = false
        var readOut = false  // every word of it is a digit word: "five oh two"
        if word == "noon" || word == "midday" {
            return (Entity(.time(hour: 12, minute: 0, ambiguous: false), text: words[start...index].joined(separator: " ")), index - start + 1)
        } else if word == "first", index + 1 < words.count, words[index + 1] == "thing", start == 0 || words[start - 1] != "the",
                  index + 2 >= words.count || !Self.afterFirstThingAsNoun.contains(words[index + 2]) {
            // "first thing Friday", "first thing in the morning": the morning's first hour (9 AM;
            // a skill whose day starts later says so and offers its first time).
            var end = index + 2
            if end + 2 < words.count, words[end] == "in", words[end + 1] == "the", words[end + 2] == "morning" { end += 3 }
            // "first thing, like nine?": the hour said next is the time.
            let following = words[end..<min(words.count, end + 3)]
            guard !following.contains(where: { SpokenNumbers.units[$0] != nil || $0.first?.isNumber == true || $0 == "noon" })
            else { return nil }
            return (Entity(.time(hour: 9, minute: 0, ambiguous: false), text: words[start..<end].joined(separator: " ")), end - start)
        } else if word == "midnight" {
            return (Entity(.time(hour: 0, minute: 0, ambiguous: false), text: words[start...index].joined(separator: " ")), index - start + 1)
        } else if (word == "half" || word == "quarter"), index + 2 < words.count, words[index + 1] == "past" || words[index + 1] == "to",
                  let (h, length) = SpokenNumbers.cardinal(words, at: index + 2), (1...12).contains(h) {
            let offset = word == "half" ? 30 : 15
            let past = words[index + 1] == "past"
            minute = past ? offset : 60 - offset
            hour = past ? h : (h == 1 ? 12 : h - 1)
            index += 2 + length
        } else if word == "half", index + 1 < words.count, let (h, length) = SpokenNumbers.cardinal(words, at: index + 1), (1...12).contains(h),
                  index + 1 + length >= words.count || !Self.notTimeUnits.contains(words[index + 1 + length]) {
            // "half eleven": half past eleven, as said in Britain.
            hour = h
            minute = 30
            index += 1 + length
        } else if let (h, m, length) = minutesPastOrTo(words, at: index) {
            hour = h
            minute = m
            index += length
        } else if word.contains(":"), let colon = word.firstIndex(of: ":"),
                  let h = Int(word[..<colon]), let m = Int(word[word.index(after: colon)...]), (0...23).contains(h), (0...59).contains(m) {
            hour = h
            minute = m
            index += 1
            explicit = h > 12 || h == 0
        } else if let (h, length) = SpokenNumbers.cardinal(words, at: index), (1...12).contains(h) {
            let hourIndex = index
            hour = h
            index += length
            if index < words.count, words[index] == "o'clock" || words[index] == "oclock" {
                index += 1
            } else if let (m, mLength) = SpokenNumbers.cardinal(words, at: index), (10...59).contains(m) {
                minute = m
                index += mLength
            } else if index < words.count, words[index] == "oh", let (m, mLength) = SpokenNumbers.cardinal(words, at: index + 1), (1...9).contains(m) {
                minute = m
                index += 1 + mLength
            }
            // "at five five five one two …" is a number being read out, not five o'clock; "at two oh
            // five" (three digit words, all of them the time) stays 14:05.
            let run = SpokenNumbers.digitString(words, at: hourIndex)
            if run.length >= 3, hourIndex + run.length > index { return nil }
            readOut = run.length >= 3
        } else {
            return nil
        }
        var ambiguous = !explicit
        if index < words.count, words[index] == "am" || words[index] == "pm" {
            if words[index] == "pm" && hour < 12 { hour += 12 }
            if words[index] == "am" && hour == 12 { hour = 0 }
            ambiguous = false
            index += 1
        } else if index + 2 < words.count, words[index] == "in", words[index + 1] == "the", let part = Self.partsOfDay[words[index + 2]] {
            if part != .morning && hour < 12 { hour += 12 }
            ambiguous = false
            index += 3
        } else if !explicit {
            // Only a bare number said after "at" ("around", "by"), or with minutes, is a time; "two"
            // alone is not, nor "around ten dollars".
            let asked = expected == .time
            let cued = Self.isTimeCue(words, at: start) && !(index < words.count && Self.notTimeUnits.contains(words[index]))
            guard asked || cued || minute != 0 || words[index - 1] == "o'clock" || words[index - 1] == "oclock" else { return nil }
            // Digit words alone are a number being read out ("five oh two" → 502) unless after "at".
            guard asked || cued || !readOut else { return nil }
            if hour < 8 { hour += 12 }  // business hours: "at three" is 15:00
        }
        return (Entity(.time(hour: hour, minute: minute, ambiguous: ambiguous), text: words[start..<index].joined(separator: " ")), index - start)
    }

    /// Words after which a bare hour is a time: "at ten", "around ten", "by three".
    static let timeCues: Set<String> = ["at", "around", "by", "maybe", "say", "about", "after", "before", "until", "till"]
    /// "the first thing I need…", "first thing is…": a noun, not a time.
    static let afterFirstThingAsNoun: Set<String> = ["i", "is", "to", "we", "you", "that", "was", "i'd", "i'm", "on", "about"]

    /// Whether `words[index]` cues a bare hour as a time: one of ``timeCues``, or the hedge
    /// "like" ("first thing, like nine?") — not the verb ("I'd like nine", "we would like two").
    static func isTimeCue(_ words: [String], at index: Int) -> Bool {
        if timeCues.contains(words[index]) { return true }
        guard words[index] == "like" else { return false }
        return index == 0 || !["i", "we", "you", "they", "would", "i'd", "we'd", "you'd", "they'd", "d", "really", "just", "also"].contains(words[index - 1])
    }
    /// …unless a unit follows the number: "around ten dollars", "by two days".
    static let notTimeUnits: Set<String> = ["dollars", "dollar", "bucks", "cents", "minutes", "minute", "hours", "hour", "days", "day",
                                            "weeks", "week", "months", "month", "years", "year", "percent", "people", "of"]

    /// "ten past two", "twenty five minutes to four": minutes past or to an hour on the clock.
    /// Without "minutes", only "past" counts ("from ten to three" is a range of hours).
    private func minutesPastOrTo(_ words: [String], at start: Int) -> (hour: Int, minute: Int, length: Int)? {
        guard let (m, mLength) = SpokenNumbers.cardinal(words, at: start), (1...59).contains(m) else { return nil }
        var index = start + mLength
        let saidMinutes = index < words.count && (words[index] == "minutes" || words[index] == "minute")
        if saidMinutes { index += 1 }
        guard index < words.count, words[index] == "past" || (words[index] == "to" && saidMinutes),
              Self.isClockHour(words, at: index + 1), let (h, hLength) = SpokenNumbers.cardinal(words, at: index + 1)
        else { return nil }
        let past = words[index] == "past"
        return (past ? h : (h == 1 ? 12 : h - 1), past ? m : 60 - m, index + 1 + hLength - start)
    }

    /// An hour of the clock at `words[index]`: 1 … 12, not followed by a unit of time
    /// ("twenty minutes to two hours" is a range of durations, not 1:40).
    static func isClockHour(_ words: [String], at index: Int) -> Bool {
        guard let (hour, length) = SpokenNumbers.cardinal(words, at: index), (1...12).contains(hour) else { return false }
        let next = index + length
        return next >= words.count || DurationUnit(words[next]) == nil
    }

    /// `value` rounded to a whole number, or nil when it is not one a caller could mean (not
    /// finite, or beyond a trillion): "$99999999999999999999" is noise, not an overflow.
    static func whole(_ value: Double) -> Int? {
        guard value.isFinite, abs(value) < 1e12 else { return nil }
        return Int(value.rounded())
    }

    // MARK: Money

    static let moneyCues: Set<String> = ["pay", "paid", "charged", "charge", "owe", "bill", "of", "for", "refund"]

    func money(_ words: [String], at start: Int) -> (Entity, Int)? {
        let word = words[start]
        if word.hasPrefix("$"), let amount = Double(word.dropFirst()), let cents = Self.whole(amount * 100) {
            return (Entity(.money(cents: cents), text: word), 1)
        }
        let cued = expected == .money || (start > 0 && Self.moneyCues.contains(words[start - 1]))
        if cued, word.contains("."), let amount = Double(word), let cents = Self.whole(amount * 100) {
            return (Entity(.money(cents: cents), text: word), 1)  // "pay 42.50"
        }
        // "one twenty", "two fifty five" for an amount: hundreds said the short way.
        if expected == .money, let hundreds = SpokenNumbers.units[word], (1...9).contains(hundreds),
           let (rest, restLength) = SpokenNumbers.cardinal(words, at: start + 1), (10...99).contains(rest),
           start + 1 + restLength >= words.count || !["dollars", "dollar", "bucks", "cents"].contains(words[start + 1 + restLength]) {
            return (Entity(.money(cents: (hundreds * 100 + rest) * 100), text: words[start..<start + 1 + restLength].joined(separator: " ")),
                    1 + restLength)
        }
        guard let (dollars, length) = SpokenNumbers.cardinal(words, at: start) else { return nil }
        var index = start + length
        var cents = 0
        let saidDollars = index < words.count && ["dollars", "dollar", "bucks"].contains(words[index])
        if saidDollars {
            index += 1
            if index + 1 < words.count, words[index] == "and", let (c, cLength) = SpokenNumbers.cardinal(words, at: index + 1), c < 100,
               index + 1 + cLength < words.count, ["cents", "cent"].contains(words[index + 1 + cLength]) {
                cents = c
                index += 2 + cLength
            } else if let (c, cLength) = SpokenNumbers.cardinal(words, at: index), c < 100,
                      index + cLength < words.count, ["cents", "cent"].contains(words[index + cLength]) {
                cents = c
                index += 1 + cLength
            }
        } else if cued, dollars < 100_000,
                  let (c, cLength) = SpokenNumbers.cardinal(words, at: index), (10...99).contains(c), cLength <= 2,
                  !(c == dollars && index + cLength < words.count && ["dollars", "dollar", "bucks"].contains(words[index + cLength])) {
            // "pay forty two fifty": dollars then cents (but "eighty, eighty dollars" says eighty twice).
            cents = c
            index += cLength
        } else if expected == .money, dollars < 100_000 {
            // "fifty", when an amount was asked for: whole dollars.
        } else {
            return nil
        }
        return (Entity(.money(cents: dollars * 100 + cents), text: words[start..<index].joined(separator: " ")), index - start)
    }

    // MARK: Digits, phone numbers, yes/no

    /// Words after which even two digits are a number being read out ("extension four two").
    static let digitCues: Set<String> = [
        "number", "code", "pin", "digits", "extension", "ext", "confirmation", "reference", "account", "id", "zip",
    ]

    /// A run of three or more digits; two are enough when spelled with "double" or said after a
    /// cue word. 10 digits, or 11 with a leading 1, are a phone number.
    func digits(_ words: [String], at start: Int) -> (Entity, Int)? {
        var (digits, length) = SpokenNumbers.digitString(words, at: start)
        // "forty-two seventy-one" for an account number: digits read in pairs.
        if expected == .digits || expected == .phoneNumber, let (paired, pairedLength) = SpokenNumbers.pairedDigitString(words, at: start),
           pairedLength > length {
            (digits, length) = (paired, pairedLength)
        }
        let spelled = words[start..<start + length].contains { $0 == "double" || $0 == "triple" }
        let cued = start > 0 && Self.digitCues.contains(words[start - 1])
        guard digits.count >= 3 || (digits.count == 2 && (spelled || cued)) else { return nil }
        let text = words[start..<start + length].joined(separator: " ")
        let isPhone = digits.count == 10 || (digits.count == 11 && digits.hasPrefix("1"))
        return (Entity(isPhone ? .phoneNumber(digits) : .digits(digits), text: text), length)
    }

    static let yes: Set<String> = ["yes", "yeah", "yep", "yup", "correct", "sure", "absolutely", "definitely", "ok", "okay"]
    static let no: Set<String> = ["no", "nope", "nah", "negative"]

    func yesNo(_ words: [String], at index: Int) -> (value: Bool, length: Int)? {
        let word = words[index]
        if Self.yes.contains(word) { return (true, 1) }
        if Self.no.contains(word) { return (false, 1) }
        if word == "that's" || word == "thats", index + 1 < words.count, words[index + 1] == "right" || words[index + 1] == "correct" {
            return (true, 2)
        }
        if word == "not", index + 1 < words.count, words[index + 1] == "really" { return (false, 2) }
        return nil
    }
}
