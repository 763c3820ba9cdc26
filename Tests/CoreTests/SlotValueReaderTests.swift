import Core
import Testing

@Suite("Canonical slot text")
struct SlotValueReaderTests {
    // Wednesday 25 November 2026.
    let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)
    let reader = SlotValueReader()

    static let canonical: [(EntityValue, String)] = [
        (.date(CalendarDay(year: 2026, month: 12, day: 1)!, partOfDay: nil), "2026-12-01"),
        (.date(CalendarDay(year: 2027, month: 3, day: 9)!, partOfDay: .afternoon), "2027-03-09"),
        (.time(hour: 15, minute: 30, ambiguous: false), "15:30"),
        (.time(hour: 9, minute: 5, ambiguous: true), "09:05"),
        (.time(hour: 0, minute: 0, ambiguous: false), "00:00"),
        (.duration(minutes: 90), "90"),
        (.money(cents: 4250), "42.50"),
        (.money(cents: 5), "0.05"),
        (.money(cents: 30000), "300.00"),
        (.digits("04271"), "04271"),
        (.phoneNumber("5551234567"), "+15551234567"),
        (.phoneNumber("15551234567"), "+15551234567"),
        (.phoneNumber("5551234"), "5551234"),
        (.phoneNumber("+442071234567"), "+442071234567"),
        (.email("Ana@Example.com"), "ana@example.com"),
        (.yesNo(true), "yes"),
        (.yesNo(false), "no"),
    ]

    @Test("canonical text of each kind of entity", arguments: canonical)
    func canonicalText(_ example: (EntityValue, String)) {
        #expect(Entity(example.0, text: "").canonicalText == example.1)
    }

    static let readings: [(SlotKind, String, String?)] = [
        (.date, "can I come next Tuesday at half past three", "2026-12-01"),
        (.time, "can I come next Tuesday at half past three", "15:30"),
        (.time, "at 3 pm", "15:00"),
        (.duration, "for an hour and a half", "90"),
        (.duration, "at three", nil),
        (.money, "I want to pay forty two fifty", "42.50"),
        (.money, "I was charged $42.50 twice", "42.50"),
        (.digits, "account number four two seven one", "4271"),
        (.digits, "five five five one two three four five six seven", "5551234567"),
        (.digits, "tomorrow", nil),
        (.phoneNumber, "five five five one two three zero zero zero one", "+15551230001"),
        (.phoneNumber, "call me at (555) 123-4567", "+15551234567"),
        (.phoneNumber, "four two seven one", nil),
        (.email, "ana at example dot com", "ana@example.com"),
        (.email, "it is Maria.Lopez@Example.com", "maria.lopez@example.com"),
        (.email, "meet at noon", nil),
        (.yesNo, "yeah that's fine", "yes"),
        (.yesNo, "nope", "no"),
        (.yesNo, "I want to book", nil),
        (.text, "  I'd like a window seat \n", "I'd like a window seat"),
        (.text, "   ", nil),
        (.text, "", nil),
    ]

    @Test("reading a slot from what the caller said", arguments: readings)
    func reading(_ example: (SlotKind, String, String?)) {
        let value = reader.value(for: example.0, utterance: example.1, entities: extractor.extract(example.1))
        #expect(value == example.2, "\(example.0) ← \(example.1)")
    }

    @Test("a digits slot takes a phone number; a phone slot takes 10 or 11 (leading 1) digits")
    func crossKinds() {
        let phone = [Entity(.phoneNumber("5551234567"), text: "")]
        #expect(reader.value(for: .digits, utterance: "", entities: phone) == "5551234567")
        #expect(reader.value(for: .digits, utterance: "", entities: [Entity(.phoneNumber("+15551234567"), text: "")]) == "15551234567")
        #expect(reader.value(for: .phoneNumber, utterance: "", entities: [Entity(.digits("5551234567"), text: "")]) == "+15551234567")
        #expect(reader.value(for: .phoneNumber, utterance: "", entities: [Entity(.digits("15551234567"), text: "")]) == "+15551234567")
        #expect(reader.value(for: .phoneNumber, utterance: "", entities: [Entity(.digits("25551234567"), text: "")]) == nil)
        #expect(reader.value(for: .phoneNumber, utterance: "", entities: [Entity(.digits("4271"), text: "")]) == nil)
    }

    @Test("each slot reads its own kind, the last match first (callers repair as they speak)")
    func ownKindFirstMatch() {
        let entities = [
            Entity(.time(hour: 15, minute: 0, ambiguous: true), text: "at three"),
            Entity(.date(CalendarDay(year: 2026, month: 11, day: 26)!, partOfDay: .afternoon), text: "tomorrow afternoon"),
            Entity(.digits("4271"), text: "four two seven one"),
            Entity(.digits("999"), text: "nine nine nine"),
        ]
        #expect(reader.value(for: .date, utterance: "", entities: entities) == "2026-11-26")
        #expect(reader.value(for: .time, utterance: "", entities: entities) == "15:00")
        #expect(reader.value(for: .digits, utterance: "", entities: entities) == "999")
        #expect(reader.value(for: .money, utterance: "", entities: entities) == nil)
        #expect(reader.value(for: .duration, utterance: "", entities: entities) == nil)
        #expect(reader.value(for: .text, utterance: " at three ", entities: entities) == "at three")
    }

    @Test("a value said as unwanted is skipped: not two, three")
    func negatedValueIsSkipped() {
        let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)
        let entities = extractor.extract("not two, three", expecting: .time)
        #expect(entities.first?.negated == true)
        #expect(reader.value(for: .time, utterance: "", entities: entities) == "15:00")
        let repaired = extractor.extract("friday at eleven, no wait, wednesday the second", expecting: nil)
        #expect(reader.value(for: .date, utterance: "", entities: repaired) == "2026-12-02")
    }
}
