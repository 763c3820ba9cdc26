import Core
import Testing

@Suite("Durations and spoken e-mail addresses")
struct DurationAndEmailTests {
    // Wednesday 25 November 2026.
    let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)

    // MARK: Durations

    static let durations: [(String, Int)] = [
        ("for thirty minutes", 30),
        ("an hour", 60),
        ("one hour", 60),
        ("for an hour please", 60),
        ("an hour and a half", 90),
        ("half an hour", 30),
        ("a half hour", 30),
        ("a quarter of an hour", 15),
        ("quarter of an hour", 15),
        ("three quarters of an hour", 45),
        ("two hours", 120),
        ("2 hours", 120),
        ("90 minutes", 90),
        ("90min", 90),
        ("45 min", 45),
        ("2hrs", 120),
        ("a couple of hours", 120),
        ("couple minutes", 2),
        ("one and a half hours", 90),
        ("two and a half hours", 150),
        ("1.5 hours", 90),
        ("an hour and a quarter", 75),
        ("two hours and fifteen minutes", 135),
        ("1 hour 30 minutes", 90),
        ("one hundred and twenty minutes", 120),
        ("I want to pay for two hours of parking", 120),
    ]

    @Test("durations, and nothing else from the same words", arguments: durations)
    func duration(_ example: (String, Int)) {
        let found = extractor.extract(example.0).map(\.value)
        #expect(found == [.duration(minutes: example.1)], "\(example.0)")
    }

    /// Times and other readings that must not become durations.
    static let notDurations: [(String, [EntityKind])] = [
        ("half past two", [.time]),
        ("a quarter past two", [.time]),
        ("quarter to nine in the morning", [.time]),
        ("at three", [.time]),
        ("twenty minutes past two", [.time]),
        ("ten minutes to three", [.time]),
        ("ten past four", [.time]),
        ("the hour is late", []),
        ("half of it", []),
        ("a few minutes", []),
        ("minutes", []),
        ("I want to pay forty two fifty", [.money]),
    ]

    @Test("not durations", arguments: notDurations)
    func notDuration(_ example: (String, [EntityKind])) {
        let found = extractor.extract(example.0)
        #expect(found.map(\.kind) == example.1, "\(example.0): \(found)")
    }

    @Test("clock readings next to durations stay times")
    func timesBesideDurations() {
        #expect(extractor.extract("twenty minutes past two").map(\.value) == [.time(hour: 14, minute: 20, ambiguous: true)])
        #expect(extractor.extract("ten minutes to three").map(\.value) == [.time(hour: 14, minute: 50, ambiguous: true)])
        #expect(extractor.extract("book me at three for an hour").map(\.value)
            == [.time(hour: 15, minute: 0, ambiguous: true), .duration(minutes: 60)])
        #expect(extractor.extract("it takes twenty minutes to two hours").map(\.value)
            == [.duration(minutes: 20), .duration(minutes: 120)])
        let booking = extractor.extract("next tuesday at half past three for ninety minutes")
        #expect(booking.map(\.kind) == [.date, .time, .duration])
        #expect(booking.last?.text == "for ninety minutes")
    }

    // MARK: E-mail

    static let spokenEmails: [(String, String)] = [
        ("ana at example dot com", "ana@example.com"),
        ("my email is john dot smith at gmail dot com", "john.smith@gmail.com"),
        ("it's j o h n at acme dot co dot uk", "john@acme.co.uk"),
        ("ana two at example dot com", "ana2@example.com"),
        ("ana oh two at example dot com", "ana02@example.com"),
        ("j o h n four two at example dot com", "john42@example.com"),
        ("james double o seven at mi six dot gov dot uk", "james007@mi6.gov.uk"),
        ("ana underscore b at example dot com", "ana_b@example.com"),
        ("mary dash jane at acme hyphen site dot org", "mary-jane@acme-site.org"),
        ("ana plus work at gmail dot com", "ana+work@gmail.com"),
        ("email me at ana at example dot com please", "ana@example.com"),
        ("call j o h n at acme dot com thanks", "john@acme.com"),
        ("ana at example dot c o m perfect", "ana@example.com"),
        ("ana at g mail dot com", "ana@gmail.com"),
        ("reach me at ana at example dot me", "ana@example.me"),
        ("Ana At Example Dot Com", "ana@example.com"),
    ]

    @Test("e-mail addresses, spoken", arguments: spokenEmails)
    func spokenEmail(_ example: (String, String)) {
        let found = extractor.extract(example.0)
        #expect(found.map(\.value) == [.email(example.1)], "\(example.0): \(found)")
    }

    @Test("a spoken address keeps its own words: no digits or time from them")
    func emailWordsAreTaken() {
        let found = extractor.extract("j o h n one two three at acme dot com")
        #expect(found.map(\.value) == [.email("john123@acme.com")])
        #expect(found.first?.text == "j o h n one two three at acme dot com")
        let both = extractor.extract("my email is a n a at example dot com and my number is five five five one two three four five six seven")
        #expect(both.map(\.value) == [.email("ana@example.com"), .phoneNumber("5551234567")])
    }

    /// "at" that is not the "@" of an address.
    static let notEmails: [String] = [
        "meet at noon",
        "at three",
        "see you at the office",
        "at the office dot",
        "at example dot com",
        "visit us at example dot com",
        "bob at three dot five",
        "ana dot at example dot com",
        "ana at example",
        "ana at example dot",
        "ana at example dot c",
        "I'm at home",
    ]

    @Test("not e-mail addresses", arguments: notEmails)
    func notEmail(_ utterance: String) {
        #expect(!extractor.extract(utterance).contains { $0.kind == .email }, "\(utterance)")
    }

    @Test("typed and spoken addresses together; typed ones keep working")
    func typedAndSpoken() {
        let found = extractor.extract("it's Ana.Two@Example.com or bob at example dot org")
        #expect(found.map(\.value) == [.email("ana.two@example.com"), .email("bob@example.org")])
        #expect(extractor.extract("4271@example.com").map(\.value) == [.email("4271@example.com")])
    }
}
