/// Reads the canonical text of a slot from what the caller said and the entities extracted from it.
///
/// The last entity that suits the slot (and was not said as unwanted) gives its `Entity/canonicalText`: a `digits` slot also
/// takes a phone number (as its digits), a `phone_number` slot also takes a run of 10 digits, or
/// 11 with a leading 1. A `text` slot is the utterance itself, trimmed.
///
/// ```swift
/// let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)
/// let utterance = "next Tuesday at half past three"
/// let reader = SlotValueReader()
/// reader.value(for: .date, utterance: utterance, entities: extractor.extract(utterance))  // "2026-12-01"
/// reader.value(for: .time, utterance: utterance, entities: extractor.extract(utterance))  // "15:30"
/// ```
public struct SlotValueReader: Sendable {
    /// A reader; it needs no calendar, the entities carry resolved values.
    public init() {}

    /// The canonical text for a slot of `kind`, or `nil` when nothing said fills it.
    public func value(for kind: SlotKind, utterance: String, entities: [Entity]) -> String? {
        if kind == .text {
            guard let first = utterance.firstIndex(where: { !$0.isWhitespace }),
                  let last = utterance.lastIndex(where: { !$0.isWhitespace })
            else { return nil }
            return String(utterance[first...last])
        }
        // Callers repair as they speak ("Friday, no wait, Wednesday"; "not two, three"): the last
        // value that was not said as unwanted counts. Without a repair word, a day named in full
        // wins over a weekday said in passing ("Monday the seventh of December? I have the
        // hairdresser on the Friday").
        let suitable = entities.filter { !$0.negated && Self.reading($0, as: kind) != nil }
        guard let last = suitable.last else { return nil }
        if kind == .date, !last.repairs, !Self.namesTheDay(last),
           let named = suitable.last(where: Self.namesTheDay) {
            return Self.reading(named, as: kind)
        }
        return Self.reading(last, as: kind)
    }

    /// A date said with its day of the month or its month, not just a weekday or "tomorrow".
    static func namesTheDay(_ entity: Entity) -> Bool {
        let words = entity.text.split(separator: " ")
        return words.contains { word in
            word.contains(where: \.isNumber) || EntityExtractor.months[String(word)] != nil || SpokenNumbers.ordinals[String(word)] != nil
        }
    }

    /// The text `entity` gives a slot of `kind`, or `nil` when it does not suit it.
    private static func reading(_ entity: Entity, as kind: SlotKind) -> String? {
        switch (kind, entity.value) {
        case (.date, .date), (.time, .time), (.duration, .duration), (.money, .money), (.money, .wholeAmount), (.digits, .digits),
             (.phoneNumber, .phoneNumber), (.email, .email), (.yesNo, .yesNo):
            return entity.canonicalText
        case (.digits, .phoneNumber(let number)):
            return number.filter(\.isASCIIDigitCharacter)
        case (.phoneNumber, .digits(let digits)):
            guard digits.count == 10 || (digits.count == 11 && digits.hasPrefix("1")) else { return nil }
            return Entity.canonicalPhoneNumber(digits)
        default:
            return nil
        }
    }
}
