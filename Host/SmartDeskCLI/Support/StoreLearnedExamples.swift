import Agent
import Analytics
import Foundation

/// Learned examples in the analytics store, so every host on one PostgreSQL learns from every
/// host's calls: an addition is an insert, a removal a delete (two hosts changing at once lose
/// nothing), and `LearnedExampleStore.refresh` reads what the others did.
struct StoreLearnedExamples: LearnedExampleBacking {
    let store: AnalyticsStore

    func load() throws -> [LearnedExamples.Example] {
        try store.with { connection in
            try connection.query("SELECT intent, text, learned_ms FROM learned_examples ORDER BY learned_ms, intent, text").compactMap { row in
                guard let intent = row[0].text, let text = row[1].text, let at = row[2].int else { return nil }
                return LearnedExamples.Example(intent: intent, text: text, learnedAt: Date(timeIntervalSince1970: Double(at) / 1000))
            }
        }
    }

    func persist(_ state: [LearnedExamples.Example], added: [LearnedExamples.Example], removed: [LearnedExamples.Example]) throws {
        try store.with { connection in
            try connection.transaction {
                for example in added {
                    try connection.execute(
                        "INSERT INTO learned_examples (intent, text, learned_ms) VALUES (?, ?, ?) ON CONFLICT (intent, text) DO NOTHING",
                        [.text(example.intent), .text(example.text), .int(Int64(example.learnedAt.timeIntervalSince1970 * 1000))]
                    )
                }
                for example in removed {
                    try connection.execute("DELETE FROM learned_examples WHERE intent = ? AND text = ?", [.text(example.intent), .text(example.text)])
                }
            }
        }
    }
}
