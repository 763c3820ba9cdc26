import Core
import Foundation
import LLM
import PluginHost
import Locks

/// What a call knows that the model may use to answer, bounded: the rolling summary, the last
/// turns verbatim, the tasks so far, the customer record and the tools already called.
public struct CallContext: Sendable {
    public var callID: String
    public var turn: Int
    /// The caller's number; `nil`: withheld (no tool bound to the caller is offered then).
    public var caller: String?
    public var customerJSON: String?
    /// The tasks so far and anything older than ``recent``, folded (``HistoryWindow``).
    public var summary: String?
    public var recent: [TranscriptEntry]
    public var earlierTools: [ToolExchange]

    /// The history of `memory` within `tokenBudget` (``ConversationMemory/historyWindow``) and
    /// its last `toolExchanges` tool exchanges.
    public init(callID: String, turn: Int, caller: String?, memory: ConversationMemory,
                tokenBudget: Int = 500, toolExchanges: Int = 4) {
        self.callID = callID
        self.turn = turn
        self.caller = caller
        let window = memory.historyWindow(tokenBudget: tokenBudget)
        customerJSON = memory.customerJSON
        summary = window.summary
        recent = window.recent
        earlierTools = Array(memory.toolExchanges.suffix(toolExchanges))
    }
}

/// The model's answer and the tools it called on the way (each with its result).
public struct ComposedAnswer: Sendable {
    public var text: String?
    public var exchanges: [ToolExchange]
    /// Requests made to the model.
    public var steps: Int
    /// The holding phrase, when it was spoken while the answer was awaited.
    public var holding: String?
    /// ``text`` went out sentence by sentence as the model wrote it (through the sink).
    public var streamed = false
    /// An action the model wants taken (a tool with side effects), for the caller to confirm.
    public var proposal: ProposedToolCall?
    /// How long the model's first request waited for its first piece (`nil`: none came).
    public var firstToken: Duration?
}

/// Where an answer's sentences go as soon as each is complete (a voice call's speech queue):
/// the text, and whether it starts a reply of its own (the holding phrase, the answer's first
/// sentence) rather than continuing the one before.
public typealias SentenceSink = @Sendable (_ text: String, _ startsReply: Bool) -> Void

extension AnswerComposer {
    /// Runs a tool by name with JSON arguments: its result, or why it failed.
    public typealias ToolRunner = @Sendable (_ name: String, _ argumentsJSON: String) async -> (result: String, failed: Bool)

    /// The tools the model is offered on this call: those flagged for it and — when the caller's
    /// number is unknown — none that is bound to the caller. A call of one with side effects is
    /// not run: it comes back as a proposal the caller must confirm.
    public static func offered(_ tools: [RegisteredTool], caller: String?) -> [RegisteredTool] {
        tools.filter { tool in
            tool.access.forModel && (tool.access.callerParameter == nil || caller != nil)
        }.sorted { $0.name < $1.name }
    }

    /// "To confirm: request a call back, when tomorrow after three. Shall I go ahead?" — the tool's
    /// description and the arguments the model chose (not the caller parameter).
    static func readBack(_ tool: RegisteredTool, arguments: String) -> String {
        let object = (try? JSONDecoder().decode([String: SpokenArgument].self, from: Data(arguments.utf8))) ?? [:]
        let values = object.keys.sorted().filter { $0 != tool.access.callerParameter }.compactMap { key -> String? in
            guard let value = object[key]?.spoken else { return nil }
            return "\(key.replacingOccurrences(of: "_", with: " ")) \(value)"
        }
        var what = tool.description.trimmingCharacters(in: .whitespacesAndNewlines)
        while what.hasSuffix(".") { what.removeLast() }
        if let first = what.first { what = first.lowercased() + what.dropFirst() }
        return "To confirm: \(what)" + (values.isEmpty ? "" : ", " + values.joined(separator: ", ")) + ". Shall I go ahead?"
    }

    /// A question no skill covers, answered by the model from the business profile, the call so
    /// far and the skills' tools (at most ``toolSteps`` requests). `text` is `nil` when it had no
    /// answer, failed, or ran past its deadline; the tools it called are returned either way.
    ///
    /// With `speak`, the answer goes out sentence by sentence as the model writes it (the first is
    /// spoken before the rest exists), and ``holdingPhrase`` goes out first when no sentence has
    /// come after ``holdingDelay``; the returned answer says what was sent that way.
    public func respond(
        to question: String, context: CallContext, tools: [RegisteredTool], speak: SentenceSink? = nil,
        runTool: @escaping ToolRunner
    ) async -> ComposedAnswer {
        let offered = Self.offered(tools, caller: context.caller)
        guard profile != nil || !offered.isEmpty, !breaker.isOpen else { return ComposedAnswer(text: nil, exchanges: [], steps: 0) }
        let progress = Progress(sink: speak)
        let holding = holdingTimer(speak, progress)
        let text = await guarded(total: offered.isEmpty ? deadline : toolDeadline, progress: progress) { [self] in
            try await converse(question, context: context, offered: offered, runTool: runTool, progress: progress)
        }
        holding?.cancel()
        return progress.finish(text: text ?? nil)
    }

    private func converse(
        _ question: String, context: CallContext, offered: [RegisteredTool], runTool: ToolRunner,
        progress: Progress
    ) async throws -> String? {
        var messages = prompt(question, context: context, offered: offered)
        let tools = offered.map { ChatTool(name: $0.name, description: $0.description, parametersJSON: ModelToolSchema.visible($0)) }
        for step in 1...max(1, toolSteps) {
            var request = ChatRequest(messages: messages)
            request.temperature = 0.2
            request.maxTokens = 200
            if !tools.isEmpty {
                request.tools = tools
                // The last step must answer.
                request.toolChoice = step == toolSteps ? ToolChoice.none : .auto
            }
            let (reply, spoken) = try await exchange(request, progress: progress)
            progress.state.withLock { $0.steps = step }
            guard !reply.toolCalls.isEmpty, step < toolSteps else { return spoken }
            messages.append(ChatMessage(role: .assistant, content: reply.content.isEmpty ? nil : reply.content, toolCalls: reply.toolCalls))
            for call in reply.toolCalls {
                // An action: read back to the caller, run only on their yes (and nothing after it).
                if let tool = offered.first(where: { $0.name == call.name }), tool.access.hasSideEffects,
                   let arguments = ModelToolSchema.arguments(call.arguments, for: tool, caller: context.caller) {
                    progress.state.withLock { state in
                        let key = "\(context.callID)/t\(context.turn)/\(state.exchanges.count + 1)"
                        state.proposal = ProposedToolCall(key: key, tool: tool.name, arguments: arguments,
                                                          readBack: Self.readBack(tool, arguments: arguments))
                    }
                    return nil
                }
                let (arguments, result, failed) = await run(call, offered: offered, caller: context.caller, runTool: runTool)
                // Kept before anything else can stop the answer: a call made is never lost.
                progress.state.withLock { state in
                    let key = "\(context.callID)/t\(context.turn)/\(state.exchanges.count + 1)"
                    state.exchanges.append(ToolExchange(key: key, turn: context.turn, tool: call.name, arguments: arguments,
                                                        result: result, failed: failed))
                }
                try Task.checkCancellation()
                messages.append(.tool(call.id, result: failed ? "{\"error\":\(JSONString.quoted(result))}" : result))
            }
        }
        return nil
    }

    /// Runs one of the model's calls: only an offered tool, with the caller parameter the host's.
    private func run(
        _ call: AssembledToolCall, offered: [RegisteredTool], caller: String?, runTool: ToolRunner
    ) async -> (arguments: String, result: String, failed: Bool) {
        guard let tool = offered.first(where: { $0.name == call.name }) else {
            return (call.arguments, "there is no tool named \(call.name)", true)
        }
        guard let arguments = ModelToolSchema.arguments(call.arguments, for: tool, caller: caller) else {
            return (call.arguments, "the arguments must be a JSON object", true)
        }
        let (result, failed) = await runTool(tool.name, arguments)
        return (arguments, String(result.prefix(Self.toolResultLimit)), failed)
    }

    /// A tool result longer than this is cut before it goes back to the model.
    static let toolResultLimit = 4000
    /// An earlier turn's tool result is cut to this in later prompts.
    static let earlierResultLimit = 400

    /// The prompt: a stable prefix (the role, the rules, the business profile) that servers can
    /// cache, then what this call knows, the last turns verbatim, and the question.
    public func prompt(_ question: String, context: CallContext, offered: [RegisteredTool]) -> [ChatMessage] {
        var rules = [
            "You are the phone receptionist\(business.map { " of \($0)" } ?? ""). Your words are spoken aloud to the caller:",
            "answer in one or two short, plain sentences; no lists, no markup.",
            "Use only the facts below and what the tools return. If they do not answer the question, reply with the single word \(Self.unknown).",
            "Never read out card numbers; never promise what no fact or tool supports.",
        ]
        if !offered.isEmpty {
            rules.append("Tools read this caller's own records; the caller's number is filled in for you.")
        }
        var messages: [ChatMessage] = [.system(rules.joined(separator: " ") + (profile.map { "\nBusiness profile (JSON): \($0)" } ?? ""))]
        var call: [String] = [context.caller == nil ? "The caller's number is withheld." : "The caller's number is known."]
        if let customer = context.customerJSON { call.append("Customer record (JSON): \(customer)") }
        if let summary = context.summary { call.append("Earlier in this call: \(summary)") }
        let tools = context.earlierTools.map { "\($0.tool)(\($0.arguments)) → \($0.result.prefix(Self.earlierResultLimit))" }
        if !tools.isEmpty { call.append("Tools already called: " + tools.joined(separator: "; ")) }
        messages.append(.system(call.joined(separator: "\n")))
        for entry in context.recent {
            messages.append(entry.speaker == .caller ? .user(entry.text) : .assistant(entry.text))
        }
        // The question is usually the last entry already; it is asked once.
        if context.recent.last.map({ $0.speaker != .caller || $0.text != question }) ?? true {
            messages.append(.user(question))
        }
        return messages
    }

    /// The model's final words, or `nil` for no answer.
    static func spoken(_ content: String) -> String? {
        let text = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains("{"), !text.uppercased().contains(unknown) else { return nil }
        return text
    }
}

/// An argument value as a read-back says it: text as written, a number in digits, a flag as
/// yes or no (JSONDecoder keeps `true` and `1` apart); lists and objects are not read out.
enum SpokenArgument: Decodable {
    case text(String), number(Double), flag(Bool), other

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if let flag = try? value.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else if let text = try? value.decode(String.self) {
            self = .text(text)
        } else {
            self = .other
        }
    }

    var spoken: String? {
        switch self {
        case .text(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .flag(let flag): flag ? "yes" : "no"
        case .other: nil
        }
    }
}
