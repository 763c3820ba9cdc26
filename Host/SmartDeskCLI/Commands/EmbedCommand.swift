import ArgumentParser
import Embeddings
import Foundation

/// `smartdesk embed TEXT…`: one JSON line per input with its token ids and embedding.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print token ids and the all-MiniLM-L6-v2 embedding of each text, one JSON line each."
    )

    @OptionGroup var model: ModelOptions

    @Argument(help: "Texts to embed.")
    var texts: [String]

    func validate() throws {
        if texts.isEmpty { throw ValidationError("give at least one text to embed") }
    }

    struct Line: Encodable {
        let text: String
        let tokens: [Int32]
        let embedding: [Float]
    }

    func run() async throws {
        let embedder: SentenceEmbedder
        do { embedder = try model.loadEmbedder() } catch { throw CLIError.exit(error) }
        let tokens = texts.map(embedder.tokens)
        let vectors = embedder.embed(tokens: tokens)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for (index, text) in texts.enumerated() {
            let data = try encoder.encode(Line(text: text, tokens: tokens[index], embedding: vectors[index]))
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }
}
