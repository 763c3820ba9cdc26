import Foundation
import PluginHost
import Testing

@Suite struct TurnTests {
    @Test func handlerReadsTheTurnAndEveryAnswerIsRecorded() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let input = TurnInput(
            callID: "call-7", utterance: "book it", intent: "alpha.context", confidence: 0.87,
            slots: ["date": "2026-12-01"], entitiesJSON: "[]", caller: "+15551234567", now: "2026-11-25T14:05:00",
            callValues: ["test.in": "x"], customerJSON: nil, summary: "caller wants a booking"
        )

        let outcome = await harness.host.runIntent("alpha.context", turn: input)

        #expect(outcome.status == .completed)
        #expect(outcome.plugin == "alpha" && outcome.generation == 1)
        #expect(outcome.says == [
            #"date=2026-12-01 in=x after=NULL out=1 customer={"id":7} utterance=book it intent=alpha.context conf=0.87 "#
                + "caller=+15551234567 now=2026-11-25T14:05:00 summary=caller wants a booking entities=[]",
            // set remove customer[1] customer ask(nope) ask ask-again transfer end defer{oops defer
            // say(bad UTF-8) say(too long) say(NULL) call_set(bad key)
            "rc=001010100101111",
        ])
        #expect(outcome.askSlot == SlotRequest(slot: "date", question: nil))
        #expect(outcome.transferReason == "wants a person")
        #expect(outcome.endCall)
        #expect(outcome.deferredFacts == #"{"balance":42.5}"#)
        #expect(outcome.callValueChanges == [
            CallValueChange(key: "alpha.out", value: "1"), CallValueChange(key: "test.in", value: nil),
        ])
        #expect(outcome.customerJSON == #"{"id":7}"#)
        await harness.finish()
    }

    @Test func unknownIntentAndFailingHandler() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))

        #expect(await harness.host.runIntent("nobody.knows", turn: makeTurn("nobody.knows"))
            == TurnOutcome(status: .unknownIntent))
        let failed = await harness.host.runIntent("alpha.fail", turn: makeTurn("alpha.fail"))
        #expect(failed == TurnOutcome(plugin: "alpha", generation: 1, status: .failed("the handler returned 1")))
        #expect(harness.logged("alpha generation 1: the handler of intent 'alpha.fail' failed"))
        await harness.finish()
    }

    @Test func handlesThatAreStaleOrMadeUpGetErrorsNotCrashes() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))

        #expect(await harness.host.runIntent("alpha.keep", turn: makeTurn("alpha.keep")).says == ["kept"])
        let stale = await harness.host.runIntent("alpha.use_kept", turn: makeTurn("alpha.use_kept", call: "call-2"))
        #expect(stale.says == ["stale say=1 read=NULL"])

        // NULL, a made-up pointer, a plugin handle as a turn, registration after init, a turn as a
        // tool call, a made-up turn read, a turn as a plugin.
        let bogus = await harness.host.runIntent("alpha.bogus", turn: makeTurn("alpha.bogus"))
        #expect(bogus.says == ["bogus=1111111"])
        #expect(harness.logged("register_intent refused: registration only works during sd_plugin_init"))
        await harness.finish()
    }

    @Test func callStartHooksRunInLoadOrderAndSeeEachOthersValues() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        try await harness.host.load(path: harness.install([Fixtures.name("beta")], as: "libbeta.so"))

        let outcome = await harness.host.runCallStartHooks(TurnInput(callID: "call-start"))

        #expect(outcome.status == .completed)
        #expect(outcome.says == ["hello from alpha (alpha.started=none)", "hello from beta (alpha.started=yes)"])
        #expect(outcome.callValueChanges == [
            CallValueChange(key: "alpha.started", value: "yes"), CallValueChange(key: "beta.started", value: "yes"),
        ])
        #expect(outcome.plugin == nil)
        await harness.finish()
    }

    @Test func concurrentTurnsOfManyCalls() async throws {
        let harness = Harness()
        try await harness.host.load(path: harness.install([], as: "libalpha.so"))
        let outcomes = await withTaskGroup(of: TurnOutcome.self) { group in
            for index in 0..<64 {
                group.addTask {
                    await harness.host.runIntent("alpha.echo", turn: makeTurn("alpha.echo", call: "call-\(index)"))
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 64)
        #expect(outcomes.allSatisfy { $0.says == ["v1"] && $0.status == .completed })
        #expect(await waitUntil { harness.host.generations().first?.turnsInFlight == 0 })
        await harness.finish()
    }
}
