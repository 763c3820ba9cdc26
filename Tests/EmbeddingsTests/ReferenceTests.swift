import Embeddings
import Testing

@Suite("all-MiniLM-L6-v2 against the sentence-transformers reference")
struct ReferenceTests {
    static let reference = try? ReferenceFile.load()

    @Test("the reference file is there and covers the edge cases")
    func referenceLoads() throws {
        let reference = try ReferenceFile.load()
        #expect(reference.entries.count >= 30)
        #expect(reference.max_seq_length == 256)
    }

    @Test("token ids match exactly", arguments: 0..<30)
    func tokenIDs(index: Int) throws {
        let entry = try #require(Self.reference?.entries[index])
        let embedder = try SharedModel.get()
        #expect(embedder.tokens(entry.text) == entry.tokens, "text: \(entry.text.debugDescription)")
    }

    @Test("embeddings reach cosine ≥ 0.9999 with either dense kernel", arguments: DenseKernel.allCases, 0..<30)
    func embeddings(kernel: DenseKernel, index: Int) throws {
        let entry = try #require(Self.reference?.entries[index])
        let embedder = try #require(SharedModel.byKernel[kernel]).get()
        let vector = embedder.embed([entry.text])[0]
        let cosine = VectorMath.cosine(vector, entry.embedding)
        #expect(cosine >= 0.9999, "\(kernel) kernel, text: \(entry.text.debugDescription), cosine \(cosine)")
        let norm = VectorMath.dot(vector, vector).squareRoot()
        #expect(abs(norm - 1) < 1e-4)
    }

    @Test("a packed batch gives the same vectors as one sentence at a time")
    func batchMatchesSingles() throws {
        let reference = try ReferenceFile.load()
        let embedder = try SharedModel.get()
        let texts = reference.entries.map(\.text)
        let batch = embedder.embed(texts)
        for (text, vector) in zip(texts, batch) {
            let single = embedder.embed([text])[0]
            #expect(VectorMath.dot(single, vector) > 0.99999, "text: \(text.debugDescription)")
        }
    }
}
