import ArgumentParser
import Embeddings
import Foundation

/// Where to find the embedding model, shared by every command that loads it.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model-dir"), help: "Folder with model.safetensors and vocab.txt (default: $SMARTDESK_MODEL_DIR or models/all-MiniLM-L6-v2).")
    var modelDirectory: String?

    @Option(name: .customLong("dense-kernel"), help: "Dense-layer kernel: packed or openblas (default: the faster one for this CPU).")
    var denseKernel: DenseKernel?

    var location: ModelLocation {
        if let modelDirectory { return ModelLocation(directory: URL(fileURLWithPath: modelDirectory, isDirectory: true)) }
        let resolved = ModelLocation.resolve()
        // Run from elsewhere (a plugin's own folder): the model of the checkout this smartdesk was built in.
        if (try? resolved.checkPresent()) == nil, ProcessInfo.processInfo.environment[ModelLocation.environmentVariable] == nil,
           let root = PluginCommand.New.sourceRoot() {
            let beside = ModelLocation(directory: root.appendingPathComponent(ModelLocation.defaultRelativePath, isDirectory: true))
            if (try? beside.checkPresent()) != nil { return beside }
        }
        return resolved
    }

    /// Loads the embedder, turning a missing or broken model into a one-line error.
    func loadEmbedder(configuration: SentenceEmbedder.Configuration = .init()) throws -> SentenceEmbedder {
        var configuration = configuration
        if let denseKernel { configuration.denseKernel = denseKernel }
        do {
            return try SentenceEmbedder(location: location, configuration: configuration)
        } catch let error as EmbeddingError {
            throw CLIError(error.description)
        }
    }
}

extension CLIError {
    /// Prints the message to standard error and exits with status 1.
    static func exit(_ error: any Error) -> ExitCode {
        FileHandle.standardError.write(Data("smartdesk: \(error)\n".utf8))
        return ExitCode.failure
    }
}

extension DenseKernel: ExpressibleByArgument {}
