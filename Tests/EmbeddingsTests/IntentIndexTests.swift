import Embeddings
import Testing

@Suite("Intent index")
struct IntentIndexTests {
    /// Unit vectors along axes of a 4-dimensional space, easy to reason about.
    static func axis(_ i: Int, _ scale: Float = 1) -> [Float] {
        var v = [Float](repeating: 0, count: 4)
        v[i] = scale
        return v
    }

    @Test("best score per intent, highest first, top-k")
    func query() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "book", text: "book it", vector: Self.axis(0))
        index.add(intent: "book", text: "make a booking", vector: [0.6, 0.8, 0, 0])
        index.add(intent: "pay", text: "pay bill", vector: Self.axis(1))
        index.add(intent: "cancel", text: "cancel", vector: Self.axis(2))
        let matches = index.query([1, 0.5, 0, 0], topK: 2)
        #expect(matches.map(\.intent) == ["book", "pay"])
        let q: [Float] = VectorMath.normalized([1, 0.5, 0, 0])
        let expectedBook = max(VectorMath.dot(q, [1, 0, 0, 0]), VectorMath.dot(q, [0.6, 0.8, 0, 0]))
        #expect(abs(matches[0].score - expectedBook) < 1e-5)
        #expect(abs(matches[1].score - VectorMath.dot(q, [0, 1, 0, 0])) < 1e-5)
        #expect(index.query([1, 0, 0, 0]).count == 3)
    }

    @Test("vectors are normalised on the way in, so scores are cosines")
    func normalises() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "a", text: "x", vector: Self.axis(3, 7))
        #expect(abs(index.query(Self.axis(3, 0.1))[0].score - 1) < 1e-6)
    }

    @Test("the example that matched is reported")
    func reportsExample() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "a", text: "first", vector: Self.axis(0))
        index.add(intent: "a", text: "second", vector: Self.axis(1))
        #expect(index.query(Self.axis(1))[0].example == "second")
    }

    @Test("remove by source, intent, or one phrase; queries follow")
    func removal() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "book", text: "b1", vector: Self.axis(0), source: "scheduling#1")
        index.add(intent: "cancel", text: "c1", vector: Self.axis(1), source: "scheduling#1")
        index.add(intent: "book", text: "learned", vector: Self.axis(2), source: "learned")
        index.add(intent: "pay", text: "p1", vector: Self.axis(3), source: "billing#1")
        #expect(index.count == 4)

        #expect(index.remove(source: "scheduling#1") == 2)
        #expect(index.intents.sorted() == ["book", "pay"])
        #expect(index.query(Self.axis(0)).allSatisfy { $0.score < 0.5 })
        #expect(index.query(Self.axis(2))[0].intent == "book")

        #expect(index.remove(intent: "book", text: "learned") == 1)
        #expect(index.intents == ["pay"])
        #expect(index.remove(intent: "pay") == 1)
        #expect(index.isEmpty)
        #expect(index.query(Self.axis(0)).isEmpty)
        #expect(index.remove(source: "nobody") == 0)
    }

    @Test("re-adding the same phrase from the same source replaces it rather than duplicating it")
    func replace() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "a", text: "x", vector: Self.axis(0), source: "s")
        index.add(intent: "a", text: "x", vector: Self.axis(1), source: "s")
        #expect(index.count == 1)
        #expect(abs(index.query(Self.axis(1))[0].score - 1) < 1e-6)
    }

    @Test("a batch query equals one query at a time")
    func batch() {
        var index = IntentIndex(dimension: 4)
        for i in 0..<4 { index.add(intent: "i\(i)", text: "t\(i)", vector: Self.axis(i)) }
        let queries: [[Float]] = [[1, 2, 3, 4], [4, 3, 2, 1], [0, 0, 1, 0]]
        let batch = index.query(batch: queries, topK: 3)
        for (q, result) in zip(queries, batch) {
            #expect(result == index.query(q, topK: 3))
        }
    }

    @Test("an older snapshot is not changed by later edits")
    func snapshots() {
        var index = IntentIndex(dimension: 4)
        index.add(intent: "a", text: "x", vector: Self.axis(0))
        let before = index
        index.remove(intent: "a")
        index.add(intent: "b", text: "y", vector: Self.axis(0))
        #expect(before.query(Self.axis(0))[0].intent == "a")
        #expect(index.query(Self.axis(0))[0].intent == "b")
    }
}
