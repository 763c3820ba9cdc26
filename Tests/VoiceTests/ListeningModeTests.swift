import Core
import Speech
import Testing
import Voice

@Suite struct ListeningModeTests {
    static let catalog = SkillCatalog([
        IntentProfile(name: "book", description: "book", slots: [
            SlotRequirement(name: "date", kind: .date, question: "What day?"),
            SlotRequirement(name: "time", kind: .time, question: "What time?"),
            SlotRequirement(name: "confirm", kind: .yesNo, question: "Shall I?"),
        ]),
        IntentProfile(name: "pay", description: "pay", slots: [
            SlotRequirement(name: "account", kind: .digits, question: "Your account number?"),
            SlotRequirement(name: "amount", kind: .money, question: "How much?"),
        ]),
        IntentProfile(name: "contact", description: "contact", slots: [
            SlotRequirement(name: "phone", kind: .phoneNumber, question: "The number?"),
            SlotRequirement(name: "email", kind: .email, question: "The address?"),
        ]),
    ])

    @Test(arguments: [
        ("book", "date", SlotGrammar?.some(.date), EntityKind?.some(.date)),
        ("book", "time", .time, .time),
        ("book", "confirm", .yesNo, nil),
        ("pay", "account", .digits, .digits),
        ("pay", "amount", nil, nil),
        ("contact", "phone", .digits, .phoneNumber),
        ("contact", "email", nil, .email),
    ])
    func anAwaitedSlotNarrowsListening(intent: String, slot: String, grammar: SlotGrammar?, expecting: EntityKind?) {
        let mode = ListeningMode.mode(for: .awaitingSlot(intent: intent, slot: slot), catalog: Self.catalog)
        #expect(mode.grammar == grammar)
        #expect(mode.expecting == expecting)
        #expect(mode.slot == slot)
    }

    @Test func everythingElseListensOpenly() {
        for state in [SessionState.listening, .greeting, .clarifying(candidates: ["book", "pay"]), .offeringResume(intent: "book"),
                      .awaitingSlot(intent: "unknown", slot: "date"), .awaitingSlot(intent: "book", slot: "unknown")] {
            #expect(ListeningMode.mode(for: state, catalog: Self.catalog) == .open)
        }
    }

    @Test func grammarsCanBeTurnedOff() {
        let mode = ListeningMode.mode(for: .awaitingSlot(intent: "pay", slot: "account"), catalog: Self.catalog, grammars: false)
        #expect(mode.grammar == nil)
        #expect(mode.expecting == .digits)
    }
}
