import Embeddings
import Foundation
import Testing

@Suite("Model files")
struct ModelLoadingTests {
    @Test("a missing model is a clear error naming the fetch command")
    func missing() throws {
        let location = ModelLocation(directory: URL(fileURLWithPath: "/nonexistent/model-dir"))
        do {
            _ = try SentenceEmbedder(location: location)
            Issue.record("loading from a missing folder succeeded")
        } catch let error as EmbeddingError {
            #expect(error.isModelMissing)
            #expect(error.description.contains("make model"))
            #expect(error.description.contains("SMARTDESK_MODEL_DIR"))
        }
    }

    @Test("SMARTDESK_MODEL_DIR overrides the default folder")
    func override() {
        #expect(ModelLocation.resolve(environment: ["SMARTDESK_MODEL_DIR": "/opt/m"]).directory.path == "/opt/m")
        #expect(ModelLocation.resolve(environment: [:]).directory.path.hasSuffix("models/all-MiniLM-L6-v2"))
    }

    @Test("a file that is not safetensors is refused with its path")
    func corrupt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).safetensors")
        try Data("not a model at all, really".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: EmbeddingError.self) { _ = try SafeTensorsFile(path: url.path) }
        do {
            _ = try SafeTensorsFile(path: url.path)
        } catch {
            #expect("\(error)".contains(url.path))
        }
    }

    @Test("the real file has every tensor with the expected shape")
    func realFile() throws {
        let embedder = try SharedModel.get()
        #expect(embedder.dimension == 384)
        #expect(embedder.weights.configuration == BertConfiguration())
        #expect(embedder.tokenizer.vocabulary.count == 30522)
    }

    @Test("tokenizer: truncation keeps [CLS] … [SEP] within 256 tokens; over-long words become [UNK]")
    func truncation() throws {
        let tokenizer = try SharedModel.get().tokenizer
        let long = tokenizer.encode(String(repeating: "hello ", count: 400))
        #expect(long.count == 256)
        #expect(long.first == 101 && long.last == 102)
        #expect(tokenizer.encode(String(repeating: "a", count: 101)) == [101, 100, 102])
        #expect(tokenizer.encode("") == [101, 102])
    }
}

@Suite("Untrusted token input")
struct UntrustedTokenTests {
    @Test("over-long sequences and ids outside the vocabulary are embedded safely, not trusted")
    func sanitised() throws {
        let embedder = try SharedModel.get()
        let long = [Int32](repeating: 2338, count: 2000)
        let vectors = embedder.embed(tokens: [long, [101, -5, 999_999, 102], []])
        #expect(vectors.count == 3)
        #expect(abs(VectorMath.dot(vectors[0], vectors[0]) - 1) < 1e-4)
        let unknowns = embedder.embed(tokens: [[101, 100, 100, 102]])[0]
        #expect(VectorMath.dot(vectors[1], unknowns) > 0.99999)
        #expect(vectors[2].allSatisfy { $0 == 0 })
    }
}

@Suite("Large batches")
struct LargeBatchTests {
    @Test("a batch over the pass limit is split and gives the same vectors as one at a time")
    func split() throws {
        let embedder = try SharedModel.get()
        let texts = (0..<40).map { "caller \($0) " + String(repeating: "would like an appointment ", count: 20) }
        let tokens = texts.map(embedder.tokens)
        #expect(tokens.reduce(0) { $0 + $1.count } > SentenceEmbedder.maxPassTokens)
        let batch = embedder.embed(tokens: tokens)
        #expect(batch.count == 40)
        for index in [0, 17, 39] {
            #expect(VectorMath.dot(batch[index], embedder.embed(tokens: [tokens[index]])[0]) > 0.99999)
        }
    }
}
