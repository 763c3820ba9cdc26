import Foundation
import SmartDeskPluginKit
import SmartDeskSDK
import Locks

/// Answers questions about the business that no other skill covers — address, directions,
/// parking, insurance, contact details — and the operator's own question-and-answer entries,
/// all from `[business]` in `smartdesk.toml` (which reaches this plugin as its settings).
///
/// Settings: one per fact (`address`, `directions`, `parking`, `insurance`, `phone`, `email`,
/// `website`, `name`), each registering an intent with built-in example questions; `entries`, a
/// JSON array of `{"answer": …, "questions": […]}`, each registering an intent whose examples are
/// its questions. A fact or entry that is not configured registers nothing, so the question stays
/// out of scope and the caller hears "I don't know that" rather than a guess.
///
/// A config-only reload changes the answers; adding or removing a topic changes the intents and
/// needs a full reload (`plugins reload`), which the reload refuses with a message saying so.
final class FAQPlugin: SmartDeskPlugin {
    static let about = PluginDescription(
        name: "faq", version: "1.0.0",
        summary: "Answers questions about the business: address, directions, parking, insurance and the operator's FAQ entries"
    )

    /// intent → answer; replaced by a config-only reload.
    private let answers: PluginSettings<[String: String]>

    init(context: PluginContext) throws {
        let profile = try FAQProfile(context)
        answers = try PluginSettings(context) { try FAQProfile($0).answers }
        for topic in profile.topics {
            try context.registerIntent(name: topic.intent, description: topic.description, examples: topic.examples) { [weak self] turn in
                self?.answer(topic.intent, turn: turn)
            }
        }
        for (number, entry) in profile.entries.enumerated() {
            let intent = FAQProfile.entryIntent(number)
            try context.registerIntent(
                name: intent, description: "ask \"\(entry.questions[0])\"", examples: entry.questions
            ) { [weak self] turn in
                self?.answer(intent, turn: turn)
            }
        }
    }

    func configure(context: PluginContext) throws {
        let new = try FAQProfile(context).answers
        guard Set(new.keys) == Set(answers.current.keys) else {
            throw FAQError("the business profile's topics changed; reload the faq plugin to register them")
        }
        try answers.reload(from: context)
    }

    private func answer(_ intent: String, turn: Turn) {
        guard let text = answers.current[intent] else {
            turn.say("I'm sorry, I don't have that information to hand. I can have someone from the team call you back about it.")
            return
        }
        turn.say(text)
    }
}

/// The business profile as the plugin reads it from its settings.
struct FAQProfile {
    struct Entry: Decodable {
        let answer: String
        let questions: [String]
    }

    var topics: [FAQTopic] = []
    var entries: [Entry] = []
    /// intent → the spoken answer.
    var answers: [String: String] = [:]

    static func entryIntent(_ number: Int) -> String { "faq.entry_\(number + 1)" }

    init(_ context: PluginContext) throws {
        for topic in FAQTopic.all {
            guard let text = context.config(topic.key), !text.allSatisfy(\.isWhitespace) else { continue }
            topics.append(topic)
            answers[topic.intent] = topic.answer(text)
        }
        if let json = context.config("entries"), !json.allSatisfy(\.isWhitespace) {
            do {
                entries = try JSONDecoder().decode([Entry].self, from: Data(json.utf8))
            } catch {
                throw FAQError("setting entries is not a JSON array of {\"answer\": …, \"questions\": […]}: \(error)")
            }
            for (number, entry) in entries.enumerated() {
                let questions = entry.questions.filter { !$0.allSatisfy(\.isWhitespace) }
                guard !entry.answer.allSatisfy(\.isWhitespace), !questions.isEmpty else {
                    throw FAQError("entry \(number + 1) needs an answer and at least one question")
                }
                answers[Self.entryIntent(number)] = FAQText.sentence(entry.answer)
            }
        }
    }
}

struct FAQError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@_cdecl("sd_plugin_describe")
public func faqDescribe() -> UnsafePointer<SDPluginDescriptor> {
    PluginKit.describe(FAQPlugin.self)
}

@_cdecl("sd_plugin_init")
public func faqInitialize(_ plugin: OpaquePointer?, _ api: UnsafePointer<SDHostAPI>?) -> Int32 {
    PluginKit.initialize(FAQPlugin.self, plugin: plugin, api: api)
}

@_cdecl("sd_plugin_unload")
public func faqUnload(_ plugin: OpaquePointer?) {
    PluginKit.unload(plugin: plugin)
}

@_cdecl("sd_plugin_configure")
public func faqConfigure(_ plugin: OpaquePointer?) -> Int32 {
    PluginKit.configure(plugin: plugin)
}
