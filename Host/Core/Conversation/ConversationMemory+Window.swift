/// What a language model sees of a call's history, bounded: a long call costs what a short one does.
public struct HistoryWindow: Sendable, Equatable {
    /// The turns that no longer fit, folded: the model-written summary when there is one, else
    /// the call's tasks and their outcomes, latest first (`nil` when nothing was folded and no
    /// task was started).
    public var summary: String?
    /// The latest transcript entries, verbatim, oldest first.
    public var recent: [TranscriptEntry]

    /// A rough token count (four characters a token), enough to keep a prompt in budget.
    public static func tokens(_ text: String) -> Int { (text.utf8.count + 3) / 4 }
}

extension ConversationMemory {
    /// The latest entries verbatim while they fit in `tokenBudget` (at least the last one; at
    /// most `maxEntries`), and a summary of everything else, itself kept within a third of the
    /// budget. Tool calls and their results are one ``ToolExchange`` each, so they never split.
    public func historyWindow(tokenBudget: Int = 500, maxEntries: Int = 12) -> HistoryWindow {
        var recent: [TranscriptEntry] = []
        var used = 0
        for entry in transcript.reversed() {
            let cost = HistoryWindow.tokens(entry.text) + 4
            guard recent.count < maxEntries, recent.isEmpty || used + cost <= tokenBudget * 2 / 3 else { break }
            recent.append(entry)
            used += cost
        }
        recent.reverse()
        let folded = transcript.count - recent.count
        if let written = rollingSummary, folded > 0 {
            return HistoryWindow(summary: Self.cut(written, tokens: tokenBudget / 3), recent: recent)
        }
        var lines: [String] = []
        var summaryTokens = 0
        for task in tasks.reversed() {
            let line = "\(task.description): \(task.outcome.rawValue)" + (task.result.map { " (\($0))" } ?? "")
            let cost = HistoryWindow.tokens(line) + 1
            guard summaryTokens + cost <= tokenBudget / 3 else { break }
            lines.append(line)
            summaryTokens += cost
        }
        let summary = lines.isEmpty ? nil : "Tasks, latest first: " + lines.joined(separator: "; ")
        return HistoryWindow(summary: summary, recent: recent)
    }

    static func cut(_ text: String, tokens: Int) -> String {
        let limit = max(tokens, 1) * 4
        guard text.utf8.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
