import Core
import Testing

@Suite("Entity extraction from spoken language")
struct EntityExtractorTests {
    // Wednesday 25 November 2026.
    static let today = CalendarDay(year: 2026, month: 11, day: 25)!
    let extractor = EntityExtractor(today: today)

    static func day(_ m: Int, _ d: Int, _ y: Int = 2026) -> CalendarDay { CalendarDay(year: y, month: m, day: d)! }

    @Test("amounts no caller could mean are not read, and never overflow (found by fuzzing: a huge dollar figure crashed the host)")
    func hugeAmountsAreNotRead() {
        // The fuzzer's input, as the caller's words.
        let found = "22z222222222222222222222owts$4569123691239123222222\u{4}s"
        #expect(extractor.extract(found).allSatisfy { if case .money = $0.value { false } else { true } })
        #expect(extractor.extract("$99999999999999999999").isEmpty)
        #expect(extractor.extract("pay 1e300.5", expecting: .money).allSatisfy { if case .money = $0.value { false } else { true } })
        #expect(extractor.extract("pay $42.50").contains { $0.value == .money(cents: 4250) })
    }

    @Test("calendar arithmetic: weekdays and ordinals round-trip")
    func calendar() {
        #expect(Self.today.weekday == 3)
        #expect(CalendarDay(ordinal: Self.today.ordinal) == Self.today)
        #expect(Self.today.adding(days: 7) == Self.day(12, 2))
        #expect(CalendarDay(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2028, month: 2, day: 29) != nil)
    }

    static let dates: [(String, CalendarDay, PartOfDay?)] = [
        ("I'd like to book an appointment for next Tuesday", day(12, 1), nil),
        ("can I come in tomorrow afternoon", day(11, 26), .afternoon),
        ("what about today", today, nil),
        ("the day after tomorrow in the morning", day(11, 27), .morning),
        ("on Friday", day(11, 27), nil),
        ("this Wednesday", today, nil),
        ("Wednesday", day(12, 2), nil),
        ("March 3rd please", day(3, 3, 2027), nil),
        ("december twenty first", day(12, 21), nil),
        ("on the third", day(12, 3), nil),
        ("the 28th", day(11, 28), nil),
        ("the fifth of January", day(1, 5, 2027), nil),
        // A weekday with the date: the date named, not the next such weekday.
        ("I'd like to come in on Thursday the third", day(12, 3), nil),
        ("Friday the fourth of December", day(12, 4), nil),
        ("how about Monday the thirtieth", day(11, 30), nil),
        ("Thursday December third", day(12, 3), nil),
        ("Thursday 3rd in the afternoon", day(12, 3), .afternoon),
    ]

    @Test("dates", arguments: dates)
    func date(_ example: (String, CalendarDay, PartOfDay?)) {
        let found = extractor.extract(example.0).filter { $0.kind == .date }
        #expect(found.map(\.value) == [.date(example.1, partOfDay: example.2)], "\(example.0)")
    }

    static let times: [(String, Int, Int)] = [
        ("half past two", 14, 30),
        ("at 3 pm", 15, 0),
        ("3:30pm on Friday", 15, 30),
        ("noon works", 12, 0),
        ("quarter to nine in the morning", 8, 45),
        ("at ten thirty", 10, 30),
        ("at seven in the evening", 19, 0),
        ("9 am", 9, 0),
        ("at three", 15, 0),
        ("first thing, like nine?", 9, 0),
        ("like two maybe", 14, 0),
    ]

    @Test("'like' before a number is a hedge, not the verb", arguments: ["I'd like two of them", "we would like three", "I really like five"])
    func likeTheVerb(_ said: String) {
        #expect(extractor.extract(said).allSatisfy { $0.kind != .time }, "\(said)")
    }

    @Test("times", arguments: times)
    func time(_ example: (String, Int, Int)) {
        let found = extractor.extract(example.0).compactMap { entity -> [Int]? in
            if case .time(let h, let m, _) = entity.value { return [h, m] }
            return nil
        }
        #expect(found == [[example.1, example.2]], "\(example.0)")
    }

    static let amounts: [(String, Int)] = [
        ("I want to pay forty two fifty", 4250),
        ("I was charged $42.50 twice", 4250),
        ("one hundred and five dollars", 10500),
        ("twenty dollars and fifty cents", 2050),
        ("a refund of 300 dollars", 30000),
        ("can I pay 42.50 today", 4250),
        ("I want to pay a hundred dollars off my balance", 10000),
    ]

    @Test("'one' pointing at a charge is no amount, even when an amount is asked for",
          arguments: ["no, not that one, the eighty nine dollar one", "the other one", "which one is the eighty nine dollars"])
    func oneAsAPronoun(_ said: String) {
        let amounts = extractor.extract(said, expecting: .money).filter { $0.kind == .money }
        #expect(amounts.allSatisfy { $0.value == .money(cents: 8900) })
        #expect(extractor.extract("one", expecting: .money).first?.value == .money(cents: 100))
    }

    @Test("'what I owe' after 'toward' is where the money goes, not the whole balance")
    func towardWhatIOwe() {
        let toward = extractor.extract("id like to put forty dollars toward what i owe on the card").filter { $0.kind == .money }
        #expect(toward.map(\.value) == [.money(cents: 4000)])
        let all = extractor.extract("i want to pay off everything i owe", expecting: .money).filter { $0.kind == .money }
        #expect(all.map(\.value) == [.wholeAmount])
    }

    @Test("weeks ahead: 'Thursday week', 'a week from Monday', 'Monday after next', 'two weeks from tomorrow'")
    func weeksAhead() {
        func day(_ said: String) -> CalendarDay? {
            guard case .date(let day, _)? = extractor.extract(said).first(where: { $0.kind == .date })?.value else { return nil }
            return day
        }
        #expect(day("Thursday week, at three") == Self.day(12, 3))
        #expect(day("a week from Monday, first thing in the morning") == Self.day(12, 7))
        #expect(day("Monday after next") == Self.day(12, 7))
        #expect(day("two weeks from tomorrow") == Self.day(12, 10))
        #expect(day("Thursday") == Self.day(11, 26))
    }

    @Test("'half eleven' is half past eleven; 'half an hour' and 'half of it' are no time")
    func halfEleven() {
        #expect(extractor.extract("friday, half eleven if you've got it").contains { $0.value == .time(hour: 11, minute: 30, ambiguous: true) })
        #expect(extractor.extract("half two").contains { $0.value == .time(hour: 14, minute: 30, ambiguous: true) })
        #expect(!extractor.extract("can I pay half of it").contains { $0.kind == .time })
        #expect(!extractor.extract("it takes half an hour").contains { $0.kind == .time })
    }

    @Test("'first thing' is the morning's first hour, unless it is a noun")
    func firstThing() {
        #expect(extractor.extract("first thing Friday if you can").contains { $0.value == .time(hour: 9, minute: 0, ambiguous: false) })
        #expect(!extractor.extract("the first thing I need is a cleaning").contains { $0.kind == .time })
        #expect(!extractor.extract("first thing is my balance").contains { $0.kind == .time })
    }

    @Test("amounts the short way and account numbers in pairs, when asked for")
    func shortForms() {
        #expect(extractor.extract("one twenty", expecting: .money).first?.value == .money(cents: 12000))
        #expect(extractor.extract("two fifty five", expecting: .money).first?.value == .money(cents: 25500))
        #expect(extractor.extract("forty two fifty", expecting: .money).first?.value == .money(cents: 4250))
        #expect(extractor.extract("yeah, the account is forty-two seventy-one", expecting: .digits).first { $0.kind == .digits }?.value
            == .digits("4271"))
        #expect(extractor.extract("four two seven one", expecting: .digits).first?.value == .digits("4271"))
    }

    @Test("a whole amount the caller cannot pay is no amount", arguments: [
        "oof, I can't do all of that today", "not all of it", "I can't afford the whole thing",
    ])
    func wholeAmountRefused(_ said: String) {
        #expect(!extractor.extract(said, expecting: .money).contains { $0.kind == .money })
    }

    @Test("a value repaired in the same breath is read as the kind it repairs")
    func repairs() {
        let paid = extractor.extract("seventy dollars, sorry, make it sixty instead").filter { $0.kind == .money }
        #expect(paid.last?.value == .money(cents: 6000))
        let phone = extractor.extract("it's five five five, nine eight seven, six five three four, sorry, no, six five four three")
            .filter { $0.kind == .phoneNumber }
        #expect(phone.last?.value == .phoneNumber("5559876543"))
        let time = extractor.extract("at two, no wait, three").filter { $0.kind == .time }
        #expect(time.last.map(\.canonicalText) == "15:00")
        // Without a repair word a later number is no amount.
        let plain = extractor.extract("seventy dollars for the two of us").filter { $0.kind == .money }
        #expect(plain.map(\.value) == [.money(cents: 7000)])
    }

    @Test("a day named in full wins over a weekday said in passing, unless a repair word says otherwise")
    func dayNamedInFull() {
        let reader = SlotValueReader()
        func date(_ said: String) -> String? { reader.value(for: .date, utterance: said, entities: extractor.extract(said)) }
        #expect(date("would there be anything on Monday the seventh of December? I have the hairdresser on the Friday") == "2026-12-07")
        #expect(date("Monday the seventh, no wait, sorry, Tuesday") == "2026-12-01")
        #expect(date("Monday doesn't work, how about Tuesday") == "2026-12-01")
    }

    @Test("a bare hour after 'around' or 'by' is a time; not before a unit")
    func aroundTen() {
        #expect(extractor.extract("could I come in monday the thirtieth, around ten?").filter { $0.kind == .time }.map(\.canonicalText) == ["10:00"])
        #expect(extractor.extract("can you do it by three").filter { $0.kind == .time }.map(\.canonicalText) == ["15:00"])
        #expect(extractor.extract("it was around ten dollars").filter { $0.kind == .time }.isEmpty)
    }

    @Test("a bare hour after 'maybe', 'say', 'about', 'after' is a time; with a unit it is not")
    func cuedHours() {
        #expect(extractor.extract("friday the fourth, in the morning, maybe eleven?").filter { $0.kind == .time }.map(\.canonicalText) == ["11:00"])
        #expect(extractor.extract("any time after two works").filter { $0.kind == .time }.map(\.canonicalText) == ["14:00"])
        #expect(extractor.extract("maybe ten dollars").filter { $0.kind == .time }.isEmpty)
        #expect(extractor.extract("about two weeks ago").filter { $0.kind == .time }.isEmpty)
    }

    @Test("an ordinal that counts a thing is no date; one of a day is")
    func ordinalsOfThings() {
        #expect(extractor.extract("someone told me new patients get the first exam free").filter { $0.kind == .date }.isEmpty)
        #expect(extractor.extract("we're on the second floor, right?").filter { $0.kind == .date }.isEmpty)
        #expect(extractor.extract("can I come in on the second").filter { $0.kind == .date }.map(\.canonicalText) == ["2026-12-02"])
        #expect(extractor.extract("the third at ten").filter { $0.kind == .date }.map(\.canonicalText) == ["2026-12-03"])
    }

    @Test("the whole amount is money 'all'; 'that's all' is not")
    func wholeAmount() {
        for said in ["put all of it on the card", "the full balance please", "just pay it off", "take the whole amount",
                     "I want to pay off whatever's left on my bill", "the outstanding balance, please"] {
            #expect(extractor.extract(said).filter { $0.kind == .money }.map(\.canonicalText) == ["all"], "\(said)")
        }
        #expect(extractor.extract("that's all, thanks").filter { $0.kind == .money }.isEmpty)
        // A question about the balance gives no amount to pay.
        #expect(extractor.extract("what's left on my bill?").filter { $0.kind == .money }.isEmpty)
        #expect(SlotValueReader().value(for: .money, utterance: "", entities: extractor.extract("all of it")) == "all")
    }

    @Test("a value word with 's is the value; 'that one' is no number")
    func possessivesAndPronouns() {
        #expect(extractor.extract("yeah, ten thirty's good", expecting: .time).filter { $0.kind == .time }.map(\.canonicalText) == ["10:30"])
        #expect(extractor.extract("uh, Tuesday's probably best for me").filter { $0.kind == .date }.map(\.canonicalText) == ["2026-12-01"])
        #expect(extractor.extract("yes, that one", expecting: .money).filter { $0.kind == .money }.isEmpty)
        #expect(extractor.extract("um the second one").filter { $0.kind == .date }.isEmpty)
        #expect(extractor.extract("on the second").filter { $0.kind == .date }.map(\.canonicalText) == ["2026-12-02"])
        #expect(extractor.extract("the other one please", expecting: .time).filter { $0.kind == .time }.isEmpty)
        // Digits and times keep their ones.
        #expect(extractor.extract("five five five one one two three four five six").contains { $0.value == .phoneNumber("5551123456") })
        #expect(extractor.extract("how about one thirty", expecting: .time).filter { $0.kind == .time }.map(\.canonicalText) == ["13:30"])
    }

    @Test("money", arguments: amounts)
    func money(_ example: (String, Int)) {
        let found = extractor.extract(example.0).filter { $0.kind == .money }.map(\.value)
        #expect(found == [.money(cents: example.1)], "\(example.0)")
    }

    static let numbers: [(String, EntityValue)] = [
        ("my account number is four two seven nine one", .digits("42791")),
        ("confirmation 4 2 7", .digits("427")),
        ("it's double five oh three", .digits("5503")),
        ("call me at (555) 123-4567", .phoneNumber("5551234567")),
        ("five five five one two three four five six seven", .phoneNumber("5551234567")),
        ("four two seven one", .digits("4271")),
        ("five oh two", .digits("502")),
        ("o two one", .digits("021")),
        ("double five", .digits("55")),
        ("triple seven", .digits("777")),
        ("double oh seven", .digits("007")),
        ("4 2 seven 1", .digits("4271")),
        ("4271", .digits("4271")),
        ("account number four two seven one", .digits("4271")),
        ("confirmation number nine eight seven six five", .digits("98765")),
        ("extension four two", .digits("42")),
        ("my card is four one one one one one one one one one one one one one one one", .digits("4111111111111111")),
        ("4111 1111 1111 1111", .digits("4111111111111111")),
        ("five five five one two three zero zero zero one", .phoneNumber("5551230001")),
        ("call me at five five five one two three zero zero zero one", .phoneNumber("5551230001")),
        ("one five five five one two three four five six seven", .phoneNumber("15551234567")),
        ("at one two three", .digits("123")),
    ]

    @Test("digit strings and phone numbers", arguments: numbers)
    func digits(_ example: (String, EntityValue)) {
        let found = extractor.extract(example.0).filter { $0.kind == .digits || $0.kind == .phoneNumber }.map(\.value)
        #expect(found == [example.1], "\(example.0)")
    }

    /// Numbers that are not digit strings, and digit-like words that keep another reading.
    static let nonDigitReadings: [(String, EntityKind?)] = [
        ("two", nil),
        ("42", nil),
        ("four two", nil),
        ("twenty three", nil),
        ("I want to pay forty two fifty", .money),
        ("at two oh five", .time),
        ("five oh two pm", .time),
        ("at 10 15", .time),
        ("december twenty first", .date),
    ]

    @Test("not digit strings", arguments: nonDigitReadings)
    func notDigits(_ example: (String, EntityKind?)) {
        let found = extractor.extract(example.0)
        #expect(!found.contains { $0.kind == .digits || $0.kind == .phoneNumber }, "\(example.0): \(found)")
        #expect(found.map(\.kind) == (example.1.map { [$0] } ?? []), "\(example.0): \(found)")
    }

    @Test("e-mail addresses, written")
    func email() {
        #expect(extractor.extract("e-mail: Maria.Lopez@example.com, thanks").map(\.value) == [.email("maria.lopez@example.com")])
        #expect(extractor.extract("at the office").filter { $0.kind == .email }.isEmpty)
    }

    static let answers: [(String, Bool?)] = [
        ("yes", true), ("yeah that's fine", true), ("that's right", true), ("no, that's not what I said", false),
        ("nope", false), ("not really", false), ("I want to book", nil),
    ]

    @Test("yes and no", arguments: answers)
    func yesNo(_ example: (String, Bool?)) {
        let found = extractor.extract(example.0).filter { $0.kind == .yesNo }.map(\.value)
        #expect(found == (example.1.map { [.yesNo($0)] } ?? []), "\(example.0)")
    }

    @Test("a plain sentence yields nothing")
    func nothing() {
        #expect(extractor.extract("I need to speak to someone about my bill").isEmpty)
        #expect(extractor.extract("").isEmpty)
    }
}
