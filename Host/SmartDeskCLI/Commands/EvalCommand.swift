import Agent
import ArgumentParser
import Core
import Embeddings
import Foundation
import LLM

/// `smartdesk eval …`: offline evaluations.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate parts of the agent on labelled data.",
        subcommands: [IntentsCommand.self, CallsCommand.self]
    )
}

/// `smartdesk eval intents --examples E.jsonl --test T.jsonl`
struct IntentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intents",
        abstract: "Score the embedding fast path: register examples, classify test utterances.",
        discussion: """
        Each line of both files is {"text": …, "intent": …}. A test intent of "oos", or one with no \
        examples, is out of scope. Prints in-scope accuracy of the best intent, fast-path share and \
        precision, out-of-scope recall (out-of-scope tests not decided on the fast path), and those \
        figures for thresholds 0.50 to 0.95.
        """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "JSONL file of example phrases to register.")
    var examples: String

    @Option(help: "JSONL file of test utterances.")
    var test: String

    @Option(name: .customLong("per-intent"), help: "Register only the first N examples of each intent.")
    var perIntent: Int?

    @Option(help: "Fast-path threshold on the best cosine.")
    var threshold: Float = FastPathPolicy.defaultThreshold

    @Option(help: "Least lead of the best intent over the next.")
    var margin: Float = FastPathPolicy.defaultMargin

    @Option(help: "Target precision of the calibrated decision (default 0.97).")
    var precision: Double = IntentDecisionSettings.defaultTargetPrecision

    @Option(help: ArgumentHelp(
        "Replay this share of the tests as calls first: those the decision would clarify, with their intent among the options, are confirmed and learned; measure on the rest.",
        valueName: "fraction"
    ))
    var learn: Double?

    @Option(help: ArgumentHelp(
        "Ask a language model (--llm-url, --llm-model) for N paraphrases per intent, filter them as a plugin load does, and register those kept.",
        valueName: "n"
    ))
    var paraphrases: Int?

    @Option(name: .customLong("llm-url"), help: "The OpenAI-compatible server that writes paraphrases.")
    var llmURL: String?

    @Option(name: .customLong("llm-model"), help: "The model that writes paraphrases.")
    var llmModel: String?

    @Option(name: .customLong("paraphrase-cache"), help: "Where the model's paraphrases are kept between runs.")
    var paraphraseCache = "data/paraphrases-eval.json"

    @Flag(help: "Print one JSON object instead of a report.")
    var json = false

    func validate() throws {
        if let paraphrases {
            if !(1...50).contains(paraphrases) { throw ValidationError("--paraphrases must be from 1 to 50") }
            if llmURL == nil || llmModel == nil { throw ValidationError("--paraphrases needs --llm-url and --llm-model") }
        }
        if !(precision > 0 && precision <= 1) { throw ValidationError("--precision must be within (0, 1]") }
        if let learn, !(learn > 0 && learn < 1) { throw ValidationError("--learn must be a fraction between 0 and 1, like 0.3") }
        if let perIntent, perIntent < 1 { throw ValidationError("--per-intent must be at least 1") }
        if !(threshold.isFinite && threshold >= -1 && threshold <= 1) { throw ValidationError("--threshold must be within [-1, 1]") }
        if !(margin.isFinite && margin >= 0 && margin <= 2) { throw ValidationError("--margin must be within [0, 2]") }
    }

    func run() async throws {
        do {
            let examples = try LabeledUtterance.load(URL(fileURLWithPath: examples))
            let tests = try LabeledUtterance.load(URL(fileURLWithPath: test))
            let embedder = try model.loadEmbedder()
            let batching = BatchingEmbedder(embedder: embedder, configuration: .evaluation)
            defer { batching.shutDown() }
            var paraphraser: Paraphraser?
            if let paraphrases, let llmURL, let llmModel {
                paraphraser = Paraphraser(
                    configuration: LLMConfiguration(baseURL: llmURL, model: llmModel, apiKey: ProcessInfo.processInfo.environment["SMARTDESK_LLM_API_KEY"]),
                    perIntent: paraphrases, cache: try ParaphraseCache(file: URL(fileURLWithPath: paraphraseCache))
                )
            }
            let evaluation = try await IntentEvaluation.run(
                examples: examples, tests: tests, perIntent: perIntent, embedder: batching,
                settings: IntentDecisionSettings(targetPrecision: precision), learn: learn, paraphraser: paraphraser
            )
            let report = EvaluationReport(
                evaluation: evaluation,
                summary: evaluation.summary(policy: FastPathPolicy(threshold: threshold, margin: margin)),
                table: evaluation.thresholdTable(margin: margin)
            )
            print(json ? try report.json() : report.text())
        } catch let error as CLIError {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk eval calls DIR`: the conversation suite.
struct CallsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "Run scripted calls through the agent and check what they achieved.",
        discussion: """
        Every *.toml file in DIR is one call (docs/conversation-suite.md): the caller's turns, the \
        tasks they called for and what must hold. Each call runs against the bundled plugins with \
        fresh data and the call's fixed clock; DIR/smartdesk.toml, when present, is the host \
        configuration (business profile included). Prints the failing calls with their transcripts, \
        then calls passed, tasks completed, clarification success, not-understood turns, unasked \
        transfers and unasked actions. Exit status 1 when a call fails.
        """
    )

    @OptionGroup var model: ModelOptions

    @Argument(help: "The folder of call files.")
    var directory: String

    @Option(help: "Run only the calls whose file name contains this.")
    var only: String?

    @Flag(help: "Print one JSON object instead of a report.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print every call's transcript, passed or not.")
    var verbose = false

    func run() async throws {
        let report: CallSuiteReport
        do {
            report = try await CallRunner.runSuite(
                in: URL(fileURLWithPath: directory, isDirectory: true), only: only, embedder: try model.loadEmbedder(),
                plugins: HostOptions.bundledPlugins.map { HostOptions.executableDirectory.appendingPathComponent($0) }
            )
        } catch {
            throw CLIError.exit(error)
        }
        print(json ? try report.json() : report.text(verbose: verbose))
        if report.callsPassed < report.calls { throw ExitCode(1) }
    }
}

extension BatchingEmbedder.Configuration {
    /// Both cores: two workers, each with its own batches of 32.
    static var evaluation: Self {
        var configuration = Self()
        configuration.workers = 2
        return configuration
    }
}
