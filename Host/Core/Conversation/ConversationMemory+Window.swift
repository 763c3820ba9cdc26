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
        // A written summary that reaches the verbatim turns stands alone; one that does not yet
        // is followed by the tasks, so nothing in between is lost.
        if let written = rollingSummary, folded > 0, summarizedEntries >= folded {
            return HistoryWindow(summary: Self.cut(written, tokens: tokenBudget / 3), recent: recent)
        }
        let prefix = rollingSummary.flatMap { folded > 0 ? Self.cut($0, tokens: tokenBudget / 6) + " " : nil } ?? ""
        var lines: [String] = []
        var summaryTokens = HistoryWindow.tokens(prefix)
        for task in tasks.reversed() {
            let line = "\(task.description): \(task.outcome.rawValue)" + (task.result.map { " (\($0))" } ?? "")
            let cost = HistoryWindow.tokens(line) + 1
            guard summaryTokens + cost <= tokenBudget / 3 else { break }
            lines.append(line)
            summaryTokens += cost
        }
        let tasksLine = lines.isEmpty ? "" : "Tasks, latest first: " + lines.joined(separator: "; ")
        let summary = prefix + tasksLine
        return HistoryWindow(summary: summary.isEmpty ? nil : summary, recent: recent)
    }

    static func cut(_ text: String, tokens: Int) -> String {
        let limit = max(tokens, 1) * 4
        guard text.utf8.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}

extension Session {
    /// A summary of the first `entries` transcript entries (the language model's, written after
    /// a turn when older turns no longer fit): card numbers masked, kept for later prompts.
    public mutating func rollingSummaryWritten(_ text: String, coveringEntries entries: Int) {
        guard entries > memory.summarizedEntries, entries <= memory.transcript.count else { return }
        memory.rollingSummary = Redaction.maskCardNumbers(text)
        memory.summarizedEntries = entries
    }
}
