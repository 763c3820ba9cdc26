import Foundation
import Testing
@testable import PluginHost

/// The host–worker messages: every field survives the trip, and bytes that are not a message
/// (cut, garbled) are an error, never a crash.
@Suite struct WorkerCodecTests {
    static let turn = WireTurn(TurnInput(
        callID: "c-1", utterance: "pay sixty dollars — please", intent: "billing.pay", confidence: 0.91,
        slots: ["amount": "60.00", "confirm": "yes"], entitiesJSON: #"[{"kind":"money"}]"#, caller: "+15551234567",
        now: "2026-12-07T10:00:00", callValues: ["crm.id": "7"], customerJSON: #"{"id":7}"#, summary: "s",
        summaryProvider: DeferredText { "later" }
    ))

    static let outcome = TurnOutcome(
        plugin: "billing", generation: 3, says: ["Paid.", "Anything else?"], askSlot: SlotRequest(slot: "amount", question: nil),
        transferReason: "asked", endCall: true, deferredFacts: #"{"a":1}"#,
        callValueChanges: [CallValueChange(key: "a.b", value: "1"), CallValueChange(key: "c.d", value: nil)],
        customerJSON: nil, status: .failed("no card")
    )

    @Test func everyHotMessageSurvivesTheTrip() throws {
        guard case .intent(let id, let name, let turn) = try WorkerCodec.decodeRequest(WorkerCodec.encode(.intent(id: 42, name: "billing.pay", turn: Self.turn))) else {
            Issue.record("not an intent request")
            return
        }
        #expect(id == 42 && name == "billing.pay")
        #expect(turn.slots == Self.turn.slots && turn.callValues == Self.turn.callValues && turn.caller == Self.turn.caller)
        #expect(turn.utterance == Self.turn.utterance && turn.confidence == 0.91 && turn.hasSummaryProvider)
        guard case .outcome(7, let outcome) = try WorkerCodec.decodeReply(WorkerCodec.encode(.outcome(id: 7, outcome: Self.outcome))) else {
            Issue.record("not an outcome")
            return
        }
        #expect(outcome == Self.outcome)
        guard case .toolError(9, "bad", true) = try WorkerCodec.decodeReply(WorkerCodec.encode(.toolError(id: 9, message: "bad", invalidArguments: true))) else {
            Issue.record("not a tool error")
            return
        }
        // The rare messages go as JSON.
        guard case .configure(3, let settings) = try WorkerCodec.decodeRequest(WorkerCodec.encode(.configure(id: 3, settings: ["k": "v"]))) else {
            Issue.record("not a configure request")
            return
        }
        #expect(settings == ["k": "v"])
    }

    @Test func cutOrGarbledBytesAreErrors() throws {
        let whole = try WorkerCodec.encode(.outcome(id: 7, outcome: Self.outcome))
        for length in 0..<whole.count {
            #expect(throws: (any Error).self) { try WorkerCodec.decodeReply(whole.prefix(length)) }
        }
        #expect(throws: (any Error).self) { try WorkerCodec.decodeReply(whole + Data([0])) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var bytes = [UInt8](try WorkerCodec.encode(.intent(id: 1, name: "x", turn: Self.turn)))
            bytes[Int.random(in: 1..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            _ = try? WorkerCodec.decodeRequest(Data(bytes))
        }
    }
}
