import Core
import Embeddings
import Foundation
import SmartDeskCLI
import TestSupport
import Testing

@Suite("smartdesk eval intents")
struct IntentEvaluationTests {
    static let embedder = Result { try SentenceEmbedder(location: ModelLocation(directory: TestPaths.modelDirectory)) }

    @Test("BANKING77 dev data, 10 examples per intent: close to the sentence-transformers figures")
    func banking77() async throws {
        let examples = try LabeledUtterance.load(try TestPaths.sharedFile("banking77/examples.jsonl"))
        let tests = try LabeledUtterance.load(try TestPaths.sharedFile("banking77/test.jsonl"))
        let batching = BatchingEmbedder(embedder: try Self.embedder.get())
        defer { batching.shutDown() }
        let evaluation = try await IntentEvaluation.run(examples: examples, tests: tests, perIntent: 10, embedder: batching)
        #expect(evaluation.examplesRegistered == 670)
        #expect(evaluation.intents == 67)

        let summary = evaluation.summary(policy: FastPathPolicy())
        #expect(summary.tests == 3080)
        #expect(summary.outOfScopeTests == 400)
        // Reference (sentence-transformers, same rule): 81.5% / 34.0% / 97.9% / 99.3%.
        #expect(abs(summary.inScopeAccuracy - 0.815) < 0.01)
        #expect(abs(summary.fastPathShare - 0.340) < 0.01)
        #expect(abs(summary.fastPathPrecision - 0.979) < 0.01)
        #expect(abs(summary.outOfScopeRecall - 0.993) < 0.01)

        // The calibrated decision (docs/intent-decision.md; numpy reference 85.2 / 48.9 / 97.9 / 96.0).
        let calibrated = try #require(evaluation.calibratedSummary())
        #expect(abs(calibrated.inScopeAccuracy - 0.852) < 0.01)
        #expect(calibrated.fastPathShare > summary.fastPathShare + 0.1)
        #expect(calibrated.fastPathPrecision >= 0.97)
        #expect(calibrated.outOfScopeRecall >= 0.95)
        let model = try #require(evaluation.model)
        #expect(model.calibratedPrecision >= 0.97)
        #expect(model.examples == 670)

        let table = evaluation.thresholdTable(margin: 0.05)
        #expect(table.map(\.threshold) == [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95])
        // A higher threshold decides less and is never less precise on this data.
        for (lower, higher) in zip(table, table.dropFirst()) {
            #expect(higher.fastPathShare <= lower.fastPathShare)
            #expect(higher.outOfScopeRecall >= lower.outOfScopeRecall)
        }
    }

    @Test("--learn: clarified and confirmed test traffic is learned and the rest measured")
    func learning() async throws {
        let examples = try LabeledUtterance.load(try TestPaths.sharedFile("banking77/examples.jsonl"))
        let tests = try LabeledUtterance.load(try TestPaths.sharedFile("banking77/test.jsonl"))
        let batching = BatchingEmbedder(embedder: try Self.embedder.get())
        defer { batching.shutDown() }
        let evaluation = try await IntentEvaluation.run(examples: examples, tests: tests, perIntent: 10, embedder: batching, learn: 0.3)
        let learning = try #require(evaluation.learning)
        #expect(learning.replayed == 924)
        #expect(learning.measured == 3080 - 924)
        #expect(learning.learned > 100 && learning.learned < learning.replayed)
        #expect(evaluation.outcomes.count == learning.measured)
        let calibrated = try #require(evaluation.calibratedSummary())
        #expect(calibrated.inScopeAccuracy > 0.86)
        #expect(calibrated.fastPathPrecision >= 0.97)
    }

    @Test("--per-intent keeps the first N examples of each intent in file order")
    func perIntent() {
        let examples = [("a", "1"), ("b", "1"), ("a", "2"), ("a", "3"), ("b", "2")].map { LabeledUtterance(text: $0.1, intent: $0.0) }
        let kept = IntentEvaluation.select(examples, perIntent: 2)
        #expect(kept.map { "\($0.intent)\($0.text)" } == ["a1", "b1", "a2", "b2"])
    }

    @Test("a bad JSONL line is an error naming the file and line")
    func badInput() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID()).jsonl")
        try Data("{\"text\": \"hi\", \"intent\": \"greet\"}\n\n{\"text\": \"no intent\"}\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            _ = try LabeledUtterance.load(url)
        } throws: { error in
            "\(error)".contains("\(url.path):3") && "\(error)".contains("intent")
        }
    }
}
