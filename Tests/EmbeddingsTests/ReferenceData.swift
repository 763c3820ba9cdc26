import Embeddings
import Foundation
import TestSupport

/// `minilm-reference.json`: sentences with the token ids and embeddings that sentence-transformers
/// computes for all-MiniLM-L6-v2.
struct ReferenceEntry: Decodable, Sendable {
    let text: String
    let tokens: [Int32]
    let embedding: [Float]
}

struct ReferenceFile: Decodable, Sendable {
    let model: String
    let max_seq_length: Int
    let entries: [ReferenceEntry]

    static func load() throws -> ReferenceFile {
        let data = try Data(contentsOf: try TestPaths.sharedFile("minilm-reference.json"))
        return try JSONDecoder().decode(ReferenceFile.self, from: data)
    }
}

/// One embedder for the whole test process: loading the model once keeps the suite fast.
enum SharedModel {
    static let embedder: Result<SentenceEmbedder, any Error> = Result {
        try SentenceEmbedder(location: ModelLocation(directory: TestPaths.modelDirectory))
    }

    static func get() throws -> SentenceEmbedder { try embedder.get() }

    /// The same model with each dense kernel, for tests that must hold for both.
    static let byKernel: [DenseKernel: Result<SentenceEmbedder, any Error>] = Dictionary(
        uniqueKeysWithValues: DenseKernel.allCases.map { kernel in
            var configuration = SentenceEmbedder.Configuration()
            configuration.denseKernel = kernel
            return (kernel, Result {
                try SentenceEmbedder(location: ModelLocation(directory: TestPaths.modelDirectory), configuration: configuration)
            })
        }
    )
}
