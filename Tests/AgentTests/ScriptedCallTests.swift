import AgentTestSupport
import Agent
import Core
import Foundation
import PluginHost
import Testing
import TestSupport

/// A 23-turn call through the real agent and the four bundled plugins: it books an appointment,
/// switches to billing, comes back to finish the booking, does more, asks for a person and gets
/// a summary holding the facts. Asserted turn by turn.
@Suite(.serialized) struct ScriptedCallTests {
    /// (what the caller says, what the agent answers).
    static let script: [(String, String)] = [
        ("hi, I need to book an appointment", "What day would you like to come in?"),
        ("next thursday", "What time works best for you?"),
        ("actually, what's my balance right now", "Your balance is $142.50. Earlier you wanted to book an appointment. Shall we finish that?"),
        ("I'd like to pay part of it", "How much would you like to pay?"),
        ("forty two fifty", "To confirm: a payment of $42.50 from the card ending 4242 on account 4271. Shall I go ahead?"),
        ("yes go ahead", "Done. I've taken $42.50; your new balance is $100.00. Your confirmation number is P-10003."),
        ("yes let's finish the booking", "What time works best for you?"),
        ("two in the afternoon", "Sorry, 2 PM on Thursday, November 26th is taken. The nearest times I have are 1:30 PM and 2:30 PM. Which would you like?"),
        ("half past two then", "I can book you for Thursday, November 26th at 2:30 PM as well as your Monday, November 30th appointment. Shall I book it?"),
        ("yes", "You're booked for Thursday, November 26th at 2:30 PM. Your confirmation number is A-1001."),
        ("when is my appointment", "You have two appointments: Thursday, November 26th at 2:30 PM and Monday, November 30th at 11 AM."),
        ("what are your opening hours", "We're open Monday to Friday, 9 AM to 5 PM, and Saturday 10 AM to 1 PM."),
        ("I want to change my email address", "What's the new email address?"),
        ("dana dot w at example dot com", "That's dana dot w at example dot com. Is that right?"),
        ("yes that's right", "Thanks, I've updated your email to dana.w@example.com."),
        ("I want to dispute the eighty nine dollar charge", "Do you want to dispute the $89.00 charge for Annual service plan on November 3rd?"),
        ("yes please", "I've opened dispute D-10001 for that charge. We'll review it within 5 business days."),
        ("something about my bill", "Sorry, do you want to dispute a charge on your bill, check your account balance, or pay your bill with the card on file?"),
        ("the balance", "Your balance is $100.00."),
        ("what was my last payment", "Your last payment was $42.50 on November 25th, by the card ending 4242."),
        ("blah blah", "Sorry, I didn't quite get that. I can check your account balance, hear the contact details on file, or book an appointment. What would you like to do?"),
        ("what email do you have for me", "I have you down as Dana Whitfield, with the email dana dot w at example dot com and the contact number 5 5 5, 1 2 3, 0 0 0 1."),
        ("can I speak to a real person please", "I'm connecting you with a member of our team now. I've passed on what we've discussed."),
    ]

    @Test func bookingBillingReturnAndHandoff() async throws {
        let harness = try await AgentHarness(plugins: try AgentHarness.bundled())
        defer { Task { await harness.close() } }
        let call = harness.agent.startCall(caller: "+15551230001")
        let greeting = await call.begin()
        #expect(greeting.replies == ["Hi Dana, thanks for calling Brightside Dental. How can I help you today?"])

        var last = greeting
        for (turn, (said, expected)) in Self.script.enumerated() {
            last = await call.handle(said)
            #expect(last.replies.joined(separator: " ") == expected, "turn \(turn + 1): \(said)")
        }
        #expect(Self.script.count == 23)

        let record = try #require(last.transfer)
        #expect(record.reason == "caller asked for a person")
        #expect(record.customerName == "Dana Whitfield")
        let summary = record.summary
        for fact in ["+15551230001", "date 2026-11-26, time 14:30", "A-1001", "amount 42.50", "P-10003",
                     "dana.w@example.com", "D-10001", "can I speak to a real person please"] {
            #expect(summary.contains(fact), "summary lacks \(fact): \(summary)")
        }
        #expect(await call.state == .transferring)
        let statistics = await call.statistics
        #expect(statistics.clarificationsAsked == 1)
        #expect(statistics.clarificationsResolved == 1)
        #expect(statistics.topicSwitches == 1)

        // The Handoff skill queued the call with the host's summary.
        let queue = try await harness.host.callTool("handoff_queue", argumentsJSON: "{}")
        #expect(queue.contains("D-10001"))
        #expect(queue.contains("Dana Whitfield"))
    }
}
