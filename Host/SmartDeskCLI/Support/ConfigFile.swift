import Core
import Foundation
import PluginHost
import TOMLKit

/// `smartdesk.toml`: the host's one configuration file. Every key can be overridden by an
/// environment variable; secrets belong only in the environment.
///
/// ```toml
/// [agent]
/// greeting = "Thanks for calling Acme Dental. How can I help?"
/// precision = 0.97          # target precision of fast-path decisions on intents that act
/// answer_precision = 0.85   # … and on intents that only answer
/// learned_examples = "data/learned-examples.json"   # examples learned from confirmed clarifications
/// threshold = 0.85          # the plain cosine rule, used until the calibrated decision is trained
///
/// [plugins]
/// directory = "/opt/smartdesk/plugins"   # instead of the bundled ones
/// bundled = ["handoff"]     # which bundled skills load: true (all, the default), false, or a list
/// data_directory = "data/plugins"
///
/// [plugins.crm]             # what the plugin reads with config_get
/// business_name = "Acme Dental"
///
/// [business]              # the profile the bundled FAQ skill answers from
/// name = "Acme Dental"
/// address = "12 Main Street"
/// parking = "Free parking behind the building."
/// [[business.faq]]
/// answer = "Yes, we see children from age three."
/// questions = ["do you see children", "can I bring my kid"]
///
/// [llm]                     # an OpenAI-compatible server; without it the host runs as before
/// base_url = "http://127.0.0.1:8080"         # OpenAI, vLLM, llama.cpp's server, Ollama (…:11434)
/// model = "qwen2.5-1.5b-instruct"
/// holding_phrase = "Let me check that."       # said on a voice call when the answer is late ("" for none)
/// holding_delay_ms = 800                     # how late is late
/// paraphrases = 20                           # per intent, written at plugin load and filtered (0: off, the default)
/// paraphrase_cache = "data/paraphrases.json" # so a restart asks the model nothing it asked before
///
/// [wording]                 # the call's own lines; each optional
/// busy = "Sorry, we can't take your call right now. Please try again in a few minutes."
/// shutting_down = "I'm sorry, I have to end the call now. Please call us back in a few minutes. Goodbye."
/// nobody_to_transfer = "Everyone on our team is busy right now, so we'll call you back as soon as we can. Goodbye."
/// technical_problem = "Sorry, I'm having trouble on my end. Could you say that again?"
/// too_long = "Sorry, that was a lot at once. Could you tell me in a few words what you need?"
/// still_there = "Are you still there?"     # a voice caller silent after a repeated question
/// silence_goodbye = "I haven't heard anything, so I'll end the call now. Please call us back any time. Goodbye."
/// max_utterance_chars = 1000                 # a longer caller turn is not read
///
/// [server]
/// host = "0.0.0.0"
/// port = 8080
/// public_url = "https://agent.example.com"   # what Twilio calls; signatures are checked against it
/// transfer_number = "+15551234567"           # where a transfer to a person dials
/// drain_seconds = 30                         # SIGTERM: live calls get this long to finish
/// check_slot_answers = true                  # a second, language-model stream checks slot answers
/// vad = "energy"                             # or "webrtc": WebRTC's noise suppression and VAD, for very noisy lines
/// ```
///
/// Secrets come only from the environment: `SMARTDESK_TWILIO_AUTH_TOKEN` (and
/// `SMARTDESK_TWILIO_ACCOUNT_SID` for transfers and hang-ups through Twilio's REST API),
/// `SMARTDESK_ADMIN_TOKEN` (the admin API's bearer token), `SMARTDESK_TEXT_SECRET` and
/// `SMARTDESK_AUDIO_SECRET` (what a text-protocol or local-audio connection presents for its
/// caller ID to be believed; without them those callers are anonymous), `SMARTDESK_LLM_API_KEY` (else
/// `OPENAI_API_KEY`), the language model's key.
///
/// Environment: `SMARTDESK_SERVER_HOST`, `SMARTDESK_SERVER_PORT`, `SMARTDESK_SERVER_PUBLIC_URL`,
/// `SMARTDESK_SERVER_TRANSFER_NUMBER`, `SMARTDESK_SERVER_DRAIN_SECONDS`,
/// `SMARTDESK_SERVER_CHECK_SLOT_ANSWERS` (`true` or `false`), `SMARTDESK_SERVER_VAD` (`energy` or `webrtc`),
/// `SMARTDESK_AGENT_GREETING`, `SMARTDESK_AGENT_THRESHOLD`, `SMARTDESK_AGENT_PRECISION`,
/// `SMARTDESK_AGENT_ANSWER_PRECISION`, `SMARTDESK_AGENT_LEARNED_EXAMPLES`, `SMARTDESK_LLM_BASE_URL`,
/// `SMARTDESK_LLM_MODEL`,
/// `SMARTDESK_PLUGINS_DIRECTORY`, `SMARTDESK_PLUGINS_DATA_DIRECTORY`, and
/// `SMARTDESK_PLUGIN__<NAME>__<KEY>` for a plugin value (`SMARTDESK_PLUGIN__CRM__BUSINESS_NAME`;
/// names and keys are lower-cased).
struct ConfigFile: Equatable {
    var greeting: String?
    /// `[wording]`: the call's own lines (busy, shutting down, …), each as the business words it.
    var wording = CallWording()
    var threshold: Float?
    var precision: Double?
    var answerPrecision: Double?
    var learnedExamples: String?
    var pluginDirectory: String?
    var dataDirectory: String?
    /// plugin name → key → value (numbers and booleans as their TOML text).
    var pluginSettings: [String: [String: String]] = [:]
    /// The `[plugins.NAME]` tables the file has: each must name a loaded plugin.
    var pluginTables: Set<String> = []
    /// `[plugins] bundled`: which bundled skills load (nil: all).
    var bundled: Set<String>?
    /// `[plugins] isolation`, `[plugins.NAME] isolation` and `[plugins] worker_memory_mb`.
    var isolation = PluginIsolation()
    var server = Server()
    var business: BusinessProfile?
    var llm = LLMSettings()
    var analytics = AnalyticsSettings()

    /// `[llm]`: an OpenAI-compatible server; unset, the host runs without a language model.
    struct LLMSettings: Equatable {
        var baseURL: String?
        var model: String?
        /// From the environment only (`SMARTDESK_LLM_API_KEY`, else `OPENAI_API_KEY`).
        var apiKey: String?
        /// Said on a voice call when the model's first sentence is late ("" for none), and after
        /// how long; unset, the composer's defaults.
        var holdingPhrase: String?
        var holdingDelayMilliseconds: Int?
        /// Paraphrases asked for per intent when a plugin loads (0: none), and where they are kept.
        var paraphrases: Int?
        var paraphraseCache: String?
    }
    /// Secrets, from the environment only.
    var twilioAccountSid: String?
    var twilioAuthToken: String?
    var adminToken: String?
    /// What a text-protocol or local-audio connection presents to have its caller ID believed.
    var textSecret: String?
    var audioSecret: String?

    /// `[server]`.
    struct Server: Equatable {
        var host: String?
        var port: Int?
        var publicURL: String?
        var transferNumber: String?
        var drainSeconds: Int?
        var checkSlotAnswers: Bool?
        var detector: String?
    }

    static let defaultPath = "smartdesk.toml"

    /// The file at `path`, or `smartdesk.toml` in the working directory when there is one (no file:
    /// defaults), then the environment on top.
    static func load(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigFile {
        var config = ConfigFile()
        let chosen = path ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        if let chosen {
            guard let text = try? String(contentsOfFile: chosen, encoding: .utf8) else {
                throw CLIError("cannot read the configuration file \(chosen)")
            }
            config = try parse(text, file: chosen)
        }
        try config.apply(environment: environment)
        return config
    }

    static func parse(_ text: String, file: String) throws -> ConfigFile {
        let table = try TOMLPrecheck.table(text, file: file)
        var config = ConfigFile()
        for key in table.keys where !["agent", "plugins", "server", "business", "llm", "analytics", "wording"].contains(key) {
            throw CLIError("\(file): unknown section or key \"\(key)\" (expected [agent], [analytics], [business], [llm], [plugins], [server] and [wording])")
        }
        if let wording = table["wording"] {
            guard let wording = wording.table else { throw CLIError("\(file): wording must be a table") }
            config.wording = try Self.parseWording(wording, file: file)
        }
        if let analytics = table["analytics"] {
            guard let analytics = analytics.table else { throw CLIError("\(file): analytics must be a table") }
            var strings: [String: String] = [:], ints: [String: Int] = [:]
            for key in analytics.keys {
                if let text = analytics[key]?.string { strings[key] = text }
                else if let number = analytics[key]?.int { ints[key] = number }
                else { throw CLIError("\(file): analytics.\(key) must be a string or a whole number") }
            }
            config.analytics = try AnalyticsSettings.parse(strings, ints: ints, file: file)
        }
        if let llm = table["llm"] {
            guard let llm = llm.table else { throw CLIError("\(file): llm must be a table") }
            for key in llm.keys {
                if key == "holding_phrase" {
                    guard let value = llm[key]?.string, value.count <= 200 else {
                        throw CLIError("\(file): llm.holding_phrase must be a string of at most 200 characters (\"\" for none)")
                    }
                    config.llm.holdingPhrase = value.trimmingCharacters(in: .whitespaces)
                    continue
                }
                if key == "holding_delay_ms" {
                    guard let value = llm[key]?.int, (0...10_000).contains(value) else {
                        throw CLIError("\(file): llm.holding_delay_ms must be a whole number of milliseconds from 0 to 10000")
                    }
                    config.llm.holdingDelayMilliseconds = value
                    continue
                }
                if key == "paraphrases" {
                    guard let value = llm[key]?.int, (0...50).contains(value) else {
                        throw CLIError("\(file): llm.paraphrases must be a whole number of paraphrases per intent from 0 (none) to 50")
                    }
                    config.llm.paraphrases = value
                    continue
                }
                guard let value = llm[key]?.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw CLIError("\(file): llm.\(key) must be a non-empty string")
                }
                switch key {
                case "base_url":
                    guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                        throw CLIError("\(file): llm.base_url must be an http:// or https:// URL, not \(value)")
                    }
                    config.llm.baseURL = value
                case "model": config.llm.model = value
                case "paraphrase_cache": config.llm.paraphraseCache = value
                case "api_key":
                    throw CLIError("\(file): llm.api_key does not belong in a file; set SMARTDESK_LLM_API_KEY (or OPENAI_API_KEY)")
                default:
                    throw CLIError("\(file): unknown key llm.\(key) (known: base_url, model, holding_phrase, holding_delay_ms, paraphrases, paraphrase_cache; the key comes from SMARTDESK_LLM_API_KEY)")
                }
            }
        }
        if let business = table["business"] {
            guard let business = business.table else { throw CLIError("\(file): business must be a table") }
            config.business = try BusinessProfile(business, file: file)
        }
        if let server = table["server"] {
            guard let server = server.table else { throw CLIError("\(file): server must be a table") }
            for key in server.keys {
                let value = server[key]
                switch key {
                case "host":
                    guard let text = value?.string, !text.isEmpty else { throw CLIError("\(file): server.host must be a string") }
                    config.server.host = text
                case "port":
                    guard let port = value?.int, (0...65_535).contains(port) else { throw CLIError("\(file): server.port must be a port number") }
                    config.server.port = port
                case "public_url":
                    guard let text = value?.string, text.hasPrefix("http://") || text.hasPrefix("https://") else {
                        throw CLIError("\(file): server.public_url must be an http:// or https:// URL")
                    }
                    config.server.publicURL = text
                case "transfer_number":
                    guard let text = value?.string, !text.isEmpty else { throw CLIError("\(file): server.transfer_number must be a phone number") }
                    config.server.transferNumber = text
                case "drain_seconds":
                    guard let seconds = value?.int, seconds >= 0 else { throw CLIError("\(file): server.drain_seconds must be a whole number of seconds") }
                    config.server.drainSeconds = seconds
                case "check_slot_answers":
                    guard let flag = value?.bool else { throw CLIError("\(file): server.check_slot_answers must be true or false") }
                    config.server.checkSlotAnswers = flag
                case "vad":
                    guard let text = value?.string, ["energy", "webrtc"].contains(text) else {
                        throw CLIError("\(file): server.vad must be \"energy\" or \"webrtc\"")
                    }
                    config.server.detector = text
                default:
                    throw CLIError("\(file): unknown key server.\(key) (known: host, port, public_url, transfer_number, drain_seconds, check_slot_answers, vad)")
                }
            }
        }
        if let agent = table["agent"] {
            guard let agent = agent.table else { throw CLIError("\(file): agent must be a table") }
            for key in agent.keys {
                switch key {
                case "greeting":
                    guard let value = agent[key]?.string else { throw CLIError("\(file): agent.greeting must be a string") }
                    config.greeting = value
                case "threshold":
                    guard let value = agent[key]?.double ?? agent[key]?.int.map(Double.init), (0...1).contains(value) else {
                        throw CLIError("\(file): agent.threshold must be a number from 0 to 1")
                    }
                    config.threshold = Float(value)
                case "precision", "answer_precision":
                    guard let value = agent[key]?.double ?? agent[key]?.int.map(Double.init), value > 0, value <= 1 else {
                        throw CLIError("\(file): agent.\(key) must be a number above 0 and at most 1")
                    }
                    if key == "precision" { config.precision = value } else { config.answerPrecision = value }
                case "learned_examples":
                    guard let value = agent[key]?.string, !value.isEmpty else {
                        throw CLIError("\(file): agent.learned_examples must be a file path")
                    }
                    config.learnedExamples = value
                default:
                    throw CLIError("\(file): unknown key agent.\(key) (known: greeting, precision, answer_precision, learned_examples, threshold)")
                }
            }
        }
        if let plugins = table["plugins"] {
            guard let plugins = plugins.table else { throw CLIError("\(file): plugins must be a table") }
            for key in plugins.keys {
                let value = plugins[key]
                switch key {
                case "directory":
                    guard let text = value?.string else { throw CLIError("\(file): plugins.directory must be a string") }
                    config.pluginDirectory = text
                case "data_directory":
                    guard let text = value?.string else { throw CLIError("\(file): plugins.data_directory must be a string") }
                    config.dataDirectory = text
                case "bundled":
                    config.bundled = try Self.parseBundled(value, file: file)
                case "isolation":
                    config.isolation.defaultMode = try Self.parseIsolation(value, key: "plugins.isolation", file: file)
                case "worker_memory_mb":
                    guard let megabytes = value?.int, megabytes >= 16 else {
                        throw CLIError("\(file): plugins.worker_memory_mb must be a whole number of megabytes, at least 16")
                    }
                    config.isolation.memoryLimitMegabytes = megabytes
                default:
                    guard let settings = value?.table else {
                        throw CLIError("\(file): plugins.\(key) must be a table of that plugin's settings ([plugins.\(key)])")
                    }
                    for setting in settings.keys {
                        if setting == "isolation" {
                            config.isolation.plugins[key] = try Self.parseIsolation(
                                settings[setting], key: "plugins.\(key).isolation", file: file
                            )
                            continue
                        }
                        guard let text = Self.scalarText(settings[setting]) else {
                            throw CLIError("\(file): plugins.\(key).\(setting) must be a string, number or boolean")
                        }
                        config.pluginSettings[key, default: [:]][setting] = text
                    }
                    config.pluginTables.insert(key)
                }
            }
        }
        if let business = config.business {
            // The FAQ skill reads the profile as its settings; [plugins.faq] may add to them.
            config.pluginSettings["faq"] = business.settings.merging(config.pluginSettings["faq"] ?? [:]) { _, own in own }
        }
        return config
    }

    private static func parseIsolation(
        _ value: (any TOMLValueConvertible)?, key: String, file: String
    ) throws -> PluginIsolation.Mode {
        guard let text = value?.string, let mode = PluginIsolation.Mode(rawValue: text) else {
            throw CLIError("\(file): \(key) must be \"in-process\" or \"process\"")
        }
        return mode
    }

    private static func scalarText(_ value: (any TOMLValueConvertible)?) -> String? {
        guard let value else { return nil }
        if let text = value.string { return text }
        if let number = value.int { return String(number) }
        if let number = value.double { return String(number) }
        if let flag = value.bool { return flag ? "true" : "false" }
        return nil
    }

    mutating func apply(environment: [String: String]) throws {
        if let greeting = environment["SMARTDESK_AGENT_GREETING"] { self.greeting = greeting }
        if let text = environment["SMARTDESK_AGENT_THRESHOLD"] {
            guard let value = Float(text), (0...1).contains(value) else {
                throw CLIError("SMARTDESK_AGENT_THRESHOLD must be a number from 0 to 1, not \(text)")
            }
            threshold = value
        }
        for (name, isAnswer) in [("SMARTDESK_AGENT_PRECISION", false), ("SMARTDESK_AGENT_ANSWER_PRECISION", true)] {
            guard let text = environment[name] else { continue }
            guard let value = Double(text), value > 0, value <= 1 else {
                throw CLIError("\(name) must be a number above 0 and at most 1, not \(text)")
            }
            if isAnswer { answerPrecision = value } else { precision = value }
        }
        if let path = environment["SMARTDESK_AGENT_LEARNED_EXAMPLES"], !path.isEmpty { learnedExamples = path }
        if let url = environment["SMARTDESK_LLM_BASE_URL"], !url.isEmpty {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw CLIError("SMARTDESK_LLM_BASE_URL must be an http:// or https:// URL, not \(url)")
            }
            llm.baseURL = url
        }
        if let model = environment["SMARTDESK_LLM_MODEL"], !model.isEmpty { llm.model = model }
        llm.apiKey = [environment["SMARTDESK_LLM_API_KEY"], environment["OPENAI_API_KEY"]].compactMap { $0 }.first { !$0.isEmpty } ?? llm.apiKey
        if let host = environment["SMARTDESK_SERVER_HOST"] { server.host = host }
        if let text = environment["SMARTDESK_SERVER_PORT"] {
            guard let port = Int(text), (0...65_535).contains(port) else { throw CLIError("SMARTDESK_SERVER_PORT must be a port number, not \(text)") }
            server.port = port
        }
        if let url = environment["SMARTDESK_SERVER_PUBLIC_URL"] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw CLIError("SMARTDESK_SERVER_PUBLIC_URL must be an http:// or https:// URL, not \(url)")
            }
            server.publicURL = url
        }
        if let number = environment["SMARTDESK_SERVER_TRANSFER_NUMBER"] { server.transferNumber = number }
        if let text = environment["SMARTDESK_SERVER_DRAIN_SECONDS"] {
            guard let seconds = Int(text), seconds >= 0 else { throw CLIError("SMARTDESK_SERVER_DRAIN_SECONDS must be a whole number, not \(text)") }
            server.drainSeconds = seconds
        }
        if let text = environment["SMARTDESK_SERVER_VAD"] {
            guard ["energy", "webrtc"].contains(text) else { throw CLIError("SMARTDESK_SERVER_VAD must be energy or webrtc, not \(text)") }
            server.detector = text
        }
        if let text = environment["SMARTDESK_SERVER_CHECK_SLOT_ANSWERS"] {
            guard let flag = Bool(text.lowercased()) else { throw CLIError("SMARTDESK_SERVER_CHECK_SLOT_ANSWERS must be true or false, not \(text)") }
            server.checkSlotAnswers = flag
        }
        twilioAccountSid = environment["SMARTDESK_TWILIO_ACCOUNT_SID"].flatMap { $0.isEmpty ? nil : $0 } ?? twilioAccountSid
        twilioAuthToken = environment["SMARTDESK_TWILIO_AUTH_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? twilioAuthToken
        adminToken = environment["SMARTDESK_ADMIN_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? adminToken
        textSecret = environment["SMARTDESK_TEXT_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? textSecret
        audioSecret = environment["SMARTDESK_AUDIO_SECRET"].flatMap { $0.isEmpty ? nil : $0 } ?? audioSecret
        if let directory = environment["SMARTDESK_PLUGINS_DIRECTORY"] { pluginDirectory = directory }
        if let directory = environment["SMARTDESK_PLUGINS_DATA_DIRECTORY"] { dataDirectory = directory }
        for (name, value) in environment where name.hasPrefix("SMARTDESK_PLUGIN__") {
            let parts = name.dropFirst("SMARTDESK_PLUGIN__".count).components(separatedBy: "__")
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError("\(name): a plugin setting is SMARTDESK_PLUGIN__<NAME>__<KEY>")
            }
            pluginSettings[parts[0].lowercased(), default: [:]][parts[1].lowercased()] = value
        }
    }
}

extension ConfigFile {
    /// The bundled skills by the names `[plugins] bundled` takes.
    static let bundledNames = ["scheduling", "billing", "crm", "handoff", "faq"]

    /// `[plugins] bundled`: `true` (all), `false` (none) or a list of names.
    static func parseBundled(_ value: (any TOMLValueConvertible)?, file: String) throws -> Set<String>? {
        if let flag = value?.bool { return flag ? nil : [] }
        guard let array = value?.array else {
            throw CLIError("\(file): plugins.bundled must be true, false or a list of names (\(bundledNames.joined(separator: ", ")))")
        }
        var names: Set<String> = []
        for item in array {
            guard let name = item.string?.lowercased(), bundledNames.contains(name) else {
                throw CLIError("\(file): plugins.bundled: \"\(item.string ?? "\(item)")\" is not a bundled skill (known: \(bundledNames.joined(separator: ", ")))")
            }
            names.insert(name)
        }
        return names
    }

    /// `[wording]`: busy, shutting_down, nobody_to_transfer, technical_problem, too_long,
    /// still_there, silence_goodbye (sentences
    /// of at most 300 characters) and max_utterance_chars (100 to 10,000).
    static func parseWording(_ table: TOMLTable, file: String) throws -> CallWording {
        var wording = CallWording()
        let lines: [String: WritableKeyPath<CallWording, String>] = [
            "busy": \.busy, "shutting_down": \.shuttingDown, "nobody_to_transfer": \.nobodyToTransfer,
            "technical_problem": \.technicalProblem, "too_long": \.tooLong, "still_there": \.stillThere,
            "silence_goodbye": \.silenceGoodbye,
        ]
        for key in table.keys {
            if key == "max_utterance_chars" {
                guard let value = table[key]?.int, (100...10_000).contains(value) else {
                    throw CLIError("\(file): wording.max_utterance_chars must be a whole number from 100 to 10000")
                }
                wording.maximumUtterance = value
                continue
            }
            guard let path = lines[key] else {
                throw CLIError("\(file): unknown key wording.\(key) (known: \(lines.keys.sorted().joined(separator: ", ")), max_utterance_chars)")
            }
            guard let text = table[key]?.string?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= 300 else {
                throw CLIError("\(file): wording.\(key) must be a sentence of at most 300 characters")
            }
            wording[keyPath: path] = text
        }
        return wording
    }

    /// The session settings every command shares: the greeting and the call's own lines.
    func applySession(to session: inout SessionConfiguration) {
        if let greeting { session.greeting = greeting }
        session.wording = wording
    }
}
