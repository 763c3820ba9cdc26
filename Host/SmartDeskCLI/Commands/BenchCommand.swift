import ArgumentParser
import PluginHost
import Embeddings
import Foundation
import Speech

/// `smartdesk bench …`: benchmarks that print p50/p99 and ratios (release builds only mean anything).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed; figures go in BENCHMARKS.md.",
        subcommands: [BenchEmbedCommand.self, BenchDecisionCommand.self, BenchLLMCommand.self, BenchTurnsCommand.self, BenchSpeechCommand.self, BenchVoiceCommand.self, BenchTextCommand.self, BenchAnalyticsCommand.self, BenchIsolationCommand.self, BenchSoakCommand.self]
    )
}

/// `smartdesk bench embed`
struct BenchEmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embedding latency at batch 1 (one thread), throughput at batch 32 (both cores), start-up and memory."
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Timed single-sentence embeddings at batch 1.")
    var iterations = 3000

    @Option(help: "Timed batches of 32 per throughput configuration.")
    var batches = 150

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            let benchmark = EmbeddingBenchmark(
                location: model.location, denseKernel: model.denseKernel ?? .automatic, iterations: iterations, batches: batches
            )
            try await benchmark.run()
        } catch let error as CLIError {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench decision`
struct BenchDecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Calibrated fast-path decision: training time (1,500 examples, and the full set) and time per decision after the embedding."
    )

    @Option(help: "Intents in the full set.")
    var intents = 150

    @Option(name: .customLong("per-intent"), help: "Examples per intent in the full set.")
    var perIntent = 100

    @Option(help: "Examples in the training-time set (10 per intent).")
    var training = 1500

    @Option(help: "Timed decisions.")
    var decisions = 5000

    @Option(help: "OpenBLAS threads (the server's embedder sets 1 by default).")
    var blasThreads = 1

    func validate() throws {
        guard intents >= 2, perIntent >= 1, training >= 20, decisions >= 1 else {
            throw ValidationError("need at least 2 intents, 1 example each, 20 training examples and 1 decision")
        }
    }

    func run() {
        BenchCommand.warnIfDebugBuild()
        SentenceEmbedder.setBLASThreads(blasThreads)
        DecisionBenchmark(intents: intents, perIntent: perIntent, trainingExamples: training, decisions: decisions).run()
    }
}

/// `smartdesk bench llm`
struct BenchLLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm",
        abstract: "The chat client's own time to first token over a server on loopback that answers at once; the prompt at turn 50 against turn 5; a streamed sentence to its first audio frame."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions

    @Option(help: "Timed requests.")
    var requests = 500

    @Option(help: "Timed turns per first-token time in the turn part.")
    var turns = 30

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        try await LLMClientBenchmark(requests: max(1, requests)).run()
        try await LLMContextBenchmark(requests: max(1, requests)).run()
        do {
            try await LLMTurnBenchmark(model: model, host: host, turns: max(1, turns)).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench turns`
struct BenchTurnsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "turns",
        abstract: "Host time per text turn (embedding excluded), plugin reload time, turn-50/turn-1 ratio."
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "50-turn calls to time.")
    var calls = 40

    @Option(help: "Reloads per C plugin (Swift plugins: at most 20, their images stay mapped).")
    var reloads = 100

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            let plugins = HostOptions.bundledPlugins.map { HostOptions.executableDirectory.appendingPathComponent($0) }
            let benchmark = TurnBenchmark(embedder: try model.loadEmbedder(), plugins: plugins, calls: calls, reloads: reloads)
            try await benchmark.run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench speech`
struct BenchSpeechCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "TTS first chunk and real-time factor; STT word error, real-time factor and final latency on the phone path."
    )

    @Option(help: "Caller sentences, one per line (default: ../shared/data/speech-dev.txt).")
    var sentences = "../shared/data/speech-dev.txt"

    @Option(help: "Times to run the set, each round a different rendition of the voice (word error covers them all).")
    var rounds = 3

    @Option(help: ArgumentHelp("PocketSphinx options added after the defaults, for tuning, e.g. \"-lw 8 -wip 0.5\".", valueName: "options"))
    var sttOptions = ""

    @Option(help: "How many times each skill example phrase counts against the conversational core's once in the language model.")
    var phraseWeight = PocketSphinxConfiguration().phraseWeight

    @Flag(help: "Print every misrecognised sentence with what was heard.")
    var misses = false

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        guard let text = try? String(contentsOfFile: sentences, encoding: .utf8) else {
            throw CLIError.exit(CLIError("cannot read \(sentences)"))
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var configuration = PocketSphinxConfiguration()
        configuration.decoderOptions += sttOptions.split(separator: " ").map(String.init)
        configuration.phraseWeight = phraseWeight
        guard configuration.decoderOptions.count.isMultiple(of: 2) else {
            throw CLIError.exit(CLIError("--stt-options takes option and value pairs: \(sttOptions)"))
        }
        do {
            var phrases: [String] = []
            let host = HostOptions.localPluginHost()
            _ = host.loadAll(in: HostOptions.executableDirectory, only: Set(HostOptions.bundledPlugins))
            phrases = host.registry.intents.values.flatMap(\.examples)
            await host.shutdown()
            try await SpeechBenchmark(sentences: lines, phrases: phrases, rounds: rounds,
                                      recognizerConfiguration: configuration, showMisses: misses).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench voice`
struct BenchVoiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Whole calls over the Twilio protocol in real time: voice-to-voice latency, barge-in, many calls at once."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions

    @Option(help: "Calls placed one after another (each six turns).")
    var calls = 3

    @Option(help: "Calls held at once for the load figure.")
    var concurrent = 20

    @Flag(help: "Let the slot grammars decide alone (no second, language-model stream checking slot answers).")
    var noSlotCheck = false

    @Option(name: .customLong("model-first-token-ms"), parsing: .upToNextOption,
            help: "Also time turns a stand-in model server answers, for each of these first-token times (ms).")
    var modelFirstTokenMs: [Int] = []

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            try await VoiceBenchmark(model: model, host: host, calls: calls, concurrent: concurrent,
                                     checksSlotAnswers: !noSlotCheck, modelFirstTokens: modelFirstTokenMs.map { .milliseconds($0) }).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench text`
struct BenchTextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Many concurrent calls on the text-transcript protocol: turn latency p50/p99 at 1 call and at --calls."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions

    @Option(help: "Concurrent calls.")
    var calls = 500

    @Option(help: "Turns per call.")
    var turns = 6

    @Option(help: "Seconds between one call's turns (a phone caller takes a turn every few seconds).")
    var interval = 4.0

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            try await TextProtocolBenchmark(model: model, host: host, calls: calls, turns: turns, interval: .milliseconds(Int(interval * 1000))).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench isolation`
struct BenchIsolationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "isolation",
        abstract: "Plugins in worker processes: the cost per call, faults in one while calls talk, reloads while calls talk."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions

    @Option(help: "Timed calls into the plugin per kind and mode.")
    var samples = 5000

    @Option(help: "Text calls talking while the fault plugin crashes, aborts, hangs and leaks.")
    var calls = 20

    @Option(help: "How long those calls talk, in seconds (a turn a second).")
    var seconds = 60

    @Option(help: "Reloads of the billing skill while --reload-calls talk (0: skip).")
    var reloads = 500

    @Option(name: .customLong("reload-calls"), help: "Text calls talking during the reloads.")
    var reloadCalls = 50

    @Option(help: "The fault plugin's C source (compiled with cc -DCHAOS).")
    var fixture = "Tests/PluginFixtures/fixture.c"

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            try await IsolationBenchmark(
                model: model, host: host, samples: samples, calls: calls, seconds: seconds, reloads: reloads,
                reloadCalls: reloadCalls, fixture: fixture
            ).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench soak`
struct BenchSoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Calls one after another, then mixed text and voice load: memory, descriptors and threads as they go."
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var host: HostOptions

    @Option(help: "Voice calls placed one after another (0: skip).")
    var calls = 1000

    @Option(help: "How many times faster than real time those calls run.")
    var speed = 20.0

    @Option(help: "Sample every this many calls.")
    var every = 100

    @Option(name: .customLong("warm-up"), help: "Calls before the first sample the growth is measured from.")
    var warmUp = 50

    @Option(help: "Minutes of mixed load after the calls (0: skip).")
    var minutes = 30.0

    @Option(name: .customLong("text-calls"), help: "Text calls at once during the mixed load.")
    var textCalls = 20

    @Option(name: .customLong("voice-calls"), help: "Voice calls at once during the mixed load (real time).")
    var voiceCalls = 2

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            try await SoakBenchmark(
                model: model, host: host, calls: calls, speed: speed, every: every, warmUp: min(warmUp, calls), minutes: minutes,
                textCalls: textCalls, voiceCalls: voiceCalls
            ).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

/// `smartdesk bench analytics`
struct BenchAnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Events per second into SQLite (and PostgreSQL with --postgres), the daily report over a million events, turn latency with analytics on and off."
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "A PostgreSQL database to measure too (postgres://…; its events table is written to).")
    var postgres: String?

    @Option(help: "Events for the throughput figure.")
    var events = 200_000

    @Option(help: "Events of one day under the daily report.")
    var reportEvents = 1_000_000

    @Option(help: "50-turn calls for the on/off turn latency.")
    var calls = 20

    func run() async throws {
        BenchCommand.warnIfDebugBuild()
        do {
            let plugins = HostOptions.bundledPlugins.map { HostOptions.executableDirectory.appendingPathComponent($0) }
            try await AnalyticsBenchmark(embedder: try model.loadEmbedder(), plugins: plugins, postgres: postgres, events: events,
                                         reportEvents: reportEvents, calls: calls).run()
        } catch {
            throw CLIError.exit(error)
        }
    }
}

extension BenchCommand {
    /// Figures from a debug build mean little: every bench says so first.
    static func warnIfDebugBuild() {
        #if DEBUG
        print("warning: debug build; benchmark with `swift build -c release` (make bench)")
        #endif
    }
}
