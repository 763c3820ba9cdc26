import Foundation

/// What the host sends a plugin worker. `id` pairs a request with its reply.
enum WorkerRequest: Codable, Sendable {
    /// The first message: load this file.
    case load(WorkerLoad)
    /// Run an intent's handler.
    case intent(id: Int, name: String, turn: WireTurn)
    /// Run the plugin's call-start hooks.
    case hooks(id: Int, turn: WireTurn)
    /// Call a tool with JSON arguments.
    case tool(id: Int, name: String, arguments: String)
    /// New configuration values; runs `sd_plugin_configure`.
    case configure(id: Int, settings: [String: String])
    /// The answer to a worker's `turn_summary` call.
    case summary(id: Int, text: String)
    /// Unload the plugin and exit.
    case shutdown
}

/// What a plugin worker sends the host.
enum WorkerReply: Codable, Sendable {
    case loaded(WorkerLoaded)
    case refused(reason: String)
    case outcome(id: Int, outcome: TurnOutcome)
    case toolResult(id: Int, json: String)
    /// `invalidArguments` tells the caller's mistake from the tool's failure.
    case toolError(id: Int, message: String, invalidArguments: Bool)
    case configured(id: Int, error: String?)
    /// A handler of the turn `id` called `turn_summary`: the host answers with `.summary`.
    case summaryRequest(id: Int)
    /// A plugin log line (or the worker host's own warning about the plugin).
    case log(level: Int, message: String, fromPlugin: Bool)
    /// The plugin was unloaded; the worker exits.
    case stopped
}

/// How the worker loads its plugin.
struct WorkerLoad: Codable, Sendable {
    /// The host's private copy of the file (the worker copies it again to dlopen it).
    var path: String
    var dataDirectory: String
    var copyDirectory: String
    /// Every plugin's configuration values (the worker learns its plugin's name when it loads it).
    var settings: [String: [String: String]]
    var handlerDeadlineMilliseconds: Int
    var toolDeadlineMilliseconds: Int
    var lifecycleDeadlineMilliseconds: Int
}

/// What the worker loaded: the descriptor and everything registered (validated by the worker's
/// own plugin host, exactly as in-process).
struct WorkerLoaded: Codable, Sendable, Equatable {
    var descriptor: PluginDescriptor
    var intents: [RegisteredIntent]
    var tools: [RegisteredTool]
    var hookCount: Int
}

/// A ``TurnInput`` on the wire. The summary is made on demand: `hasSummary` tells the worker to
/// ask the host for it when a handler calls `turn_summary`.
struct WireTurn: Codable, Sendable {
    var callID: String
    var utterance: String
    var intent: String
    var confidence: Double
    var slots: [String: String]
    var entitiesJSON: String
    var caller: String?
    var now: String
    var callValues: [String: String]
    var customerJSON: String?
    var summary: String
    var hasSummaryProvider: Bool

    init(
        callID: String, utterance: String, intent: String, confidence: Double, slots: [String: String],
        entitiesJSON: String, caller: String?, now: String, callValues: [String: String], customerJSON: String?,
        summary: String, hasSummaryProvider: Bool
    ) {
        self.callID = callID
        self.utterance = utterance
        self.intent = intent
        self.confidence = confidence
        self.slots = slots
        self.entitiesJSON = entitiesJSON
        self.caller = caller
        self.now = now
        self.callValues = callValues
        self.customerJSON = customerJSON
        self.summary = summary
        self.hasSummaryProvider = hasSummaryProvider
    }

    init(_ input: TurnInput) {
        callID = input.callID
        utterance = input.utterance
        intent = input.intent
        confidence = input.confidence
        slots = input.slots
        entitiesJSON = input.entitiesJSON
        caller = input.caller
        now = input.now
        callValues = input.callValues
        customerJSON = input.customerJSON
        summary = input.summary
        hasSummaryProvider = input.summaryProvider != nil
    }

    /// The turn in the worker; `summary` asks the host when a handler wants it.
    func input(summary provider: DeferredText?) -> TurnInput {
        TurnInput(
            callID: callID, utterance: utterance, intent: intent, confidence: confidence, slots: slots,
            entitiesJSON: entitiesJSON, caller: caller, now: now, callValues: callValues, customerJSON: customerJSON,
            summary: summary, summaryProvider: hasSummaryProvider ? provider : nil
        )
    }
}
