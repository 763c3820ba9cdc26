import Agent
import Core
import Speech
import Voice
import VoiceTestSupport

/// Scripted agents for the call-flow scenarios.
enum FlowScripts {
    static let greeting = "Thanks for calling Brightside Dental. How can I help you today?"
    static let hours = "We're open from nine to five on weekdays."
    /// Ten words: three seconds of scripted speech.
    static let long = "Your next appointment is on Monday the thirtieth at ten thirty."

    /// An agent that answers by the caller's words (`answers`), greets, and says "Sorry?" to
    /// anything else.
    static func answering(_ answers: [String: FlowDriver.Turn] = [:]) -> (CallFlow.Input) -> FlowDriver.Turn {
        { input in
            switch input {
            case .greeting:
                return .reply(greeting)
            case .utterance(let heard):
                return answers[heard.text] ?? .reply("Sorry?")
            default:
                return .reply("")
            }
        }
    }

    /// A driver with the standard answers, started (the greeting played and every mark back).
    static func started(
        _ answers: [String: FlowDriver.Turn] = [:], configuration: VoiceCallConfiguration = FlowDriver.configuration,
        recognizer: ScriptedRecognizer = ScriptedRecognizer(), synthesizer: ScriptedSynthesizer = ScriptedSynthesizer()
    ) -> FlowDriver {
        var all: [String: FlowDriver.Turn] = [
            "what are your hours": .reply(hours),
            "when is my appointment": .reply(long),
        ]
        all.merge(answers) { _, new in new }
        var call = FlowDriver(configuration: configuration, recognizer: recognizer, synthesizer: synthesizer, script: answering(all))
        call.start()
        call.silence(.seconds(5))
        return call
    }

    static func isClear(_ event: VoiceCallEvent) -> Bool { if case .clear = event { true } else { false } }
    static func isHangUp(_ event: VoiceCallEvent) -> Bool { if case .hangUp = event { true } else { false } }
    static func isTransfer(_ event: VoiceCallEvent) -> Bool { if case .transfer = event { true } else { false } }
    static func isAudio(_ event: VoiceCallEvent) -> Bool { if case .audio = event { true } else { false } }
}
