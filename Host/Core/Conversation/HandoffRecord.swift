/// What a person taking over the call needs: who, why, what was done and what is left, and the
/// caller's last words. Built from memory alone (extractive: nothing invented).
public struct HandoffRecord: Sendable, Equatable {
    public var callID: String
    public var caller: String?
    public var customerName: String?
    public var reason: String
    public var tasks: [TaskRecord]
    public var lastCallerWords: [String]

    public init(
        callID: String, caller: String? = nil, customerName: String? = nil, reason: String, tasks: [TaskRecord] = [],
        lastCallerWords: [String] = []
    ) {
        self.callID = callID
        self.caller = caller
        self.customerName = customerName
        self.reason = reason
        self.tasks = tasks
        self.lastCallerWords = lastCallerWords
    }

    /// One paragraph a person can act on.
    public var summary: String {
        var parts: [String] = []
        let who = [caller, customerName.map { "(\($0))" }].compactMap { $0 }.joined(separator: " ")
        parts.append("Caller \(who.isEmpty ? "unknown" : who).")
        parts.append("Reason: \(reason).")
        let done = tasks.filter { $0.outcome == .completed || $0.outcome == .failed || $0.outcome == .abandoned }
        if !done.isEmpty {
            parts.append("Handled: " + done.map(Self.describe).joined(separator: "; ") + ".")
        }
        let open = tasks.filter { $0.outcome == .inProgress || $0.outcome == .suspended }
        if !open.isEmpty {
            parts.append("Unfinished: " + open.map(Self.describe).joined(separator: "; ") + ".")
        }
        if !lastCallerWords.isEmpty {
            parts.append("Caller's last words: " + lastCallerWords.map { "\"\($0)\"" }.joined(separator: " ") + ".")
        }
        return parts.joined(separator: " ")
    }

    private static func describe(_ task: TaskRecord) -> String {
        var text = task.description
        let slots = task.slots.filter { $0.key != "confirm" }.sorted { $0.key < $1.key }
        if !slots.isEmpty {
            text += " (" + slots.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        text += " — \(task.outcome.rawValue)"
        if let result = task.result, task.outcome != .inProgress, task.outcome != .suspended {
            text += ": " + String(result.reversed().drop { $0 == "." || $0 == " " }.reversed())
        }
        return text
    }
}
