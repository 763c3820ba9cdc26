/// Everything a call remembers: the transcript, the tasks and their outcomes, per-call values
/// shared by plugins, the customer record and a rolling summary for bounded LLM context.
public struct ConversationMemory: Sendable, Equatable {
    public private(set) var transcript: [TranscriptEntry] = []
    /// Every task started, in order, with its slots and how it ended.
    public internal(set) var tasks: [TaskRecord] = []
    public internal(set) var callValues: [String: String] = [:]
    /// A JSON object set by a plugin (the CRM skill), shared by all.
    public internal(set) var customerJSON: String?
    /// A summary of the turns that fell out of ``contextWindow(maxEntries:)``, kept by whoever
    /// summarises (an LLM later); `nil` until set.
    public internal(set) var rollingSummary: String?
    /// How many transcript entries ``rollingSummary`` covers (from the start).
    public internal(set) var summarizedEntries = 0
    /// The tools the language model called, each with its result, in order.
    public internal(set) var toolExchanges: [ToolExchange] = []

    public init() {}

    mutating func append(_ speaker: TranscriptEntry.Speaker, _ text: String, turn: Int) {
        transcript.append(TranscriptEntry(speaker: speaker, text: text, turn: turn, heard: true))
    }

    /// The caller interrupted the agent's replies of `turn`: each keeps only the words heard
    /// (`heard[i]` for the turn's i-th reply; a missing one was not heard at all). A reply not
    /// heard in full is marked unheard. Returns how many replies were cut.
    @discardableResult
    public mutating func keepHeard(_ heard: [String], ofTurn turn: Int) -> Int {
        var cut = 0
        var position = 0
        for index in transcript.indices where transcript[index].speaker == .agent && transcript[index].turn == turn {
            let kept = position < heard.count ? heard[position] : ""
            position += 1
            guard kept != transcript[index].text else { continue }
            transcript[index].text = kept
            transcript[index].heard = false
            cut += 1
        }
        return cut
    }

    /// The rolling summary and the most recent entries: what an LLM sees, bounded.
    public func contextWindow(maxEntries: Int) -> (summary: String?, recent: [TranscriptEntry]) {
        (rollingSummary, Array(transcript.suffix(maxEntries)))
    }

    /// What the caller said last (up to `count` utterances, oldest first).
    public func lastCallerWords(_ count: Int) -> [String] {
        Array(transcript.reversed().lazy.filter { $0.speaker == .caller }.prefix(count).map(\.text).reversed())
    }

    mutating func apply(_ result: HandlerResult) {
        for change in result.valueChanges {
            callValues[change.key] = change.value
        }
        if let customer = result.customerJSON { customerJSON = customer }
    }

    /// The customer's name from the record (`"name"`), when there is one.
    public var customerName: String? {
        guard let json = customerJSON else { return nil }
        return JSONField.string("name", in: json)
    }
}

public struct TranscriptEntry: Sendable, Equatable {
    public enum Speaker: String, Sendable { case caller, agent }
    public var speaker: Speaker
    public var text: String
    /// The caller turn this entry belongs to (0: the greeting).
    public var turn: Int
    /// False when the caller interrupted and did not hear all of it.
    public var heard: Bool
}

/// A task the caller started: an intent with its slots and how it ended.
public struct TaskRecord: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case inProgress = "in progress", completed, failed, abandoned, suspended, handedOff = "handed off"
    }

    public var intent: String
    public var description: String
    public var slots: [String: String]
    public var outcome: Outcome
    /// The last thing the skill said about it ("You're booked for …").
    public var result: String?
}

/// Reads one top-level string field of a small JSON object without Foundation (Core has no I/O
/// and no Foundation dependency).
enum JSONField {
    static func string(_ key: String, in json: String) -> String? {
        let scalars = Array(json.unicodeScalars)
        let needle = Array("\"\(key)\"".unicodeScalars)
        var index = 0
        while index + needle.count <= scalars.count {
            if Array(scalars[index..<(index + needle.count)]) == needle {
                var cursor = index + needle.count
                while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == ":" { cursor += 1 }
                guard cursor < scalars.count, scalars[cursor] == "\"" else { return nil }
                cursor += 1
                var value = String.UnicodeScalarView()
                while cursor < scalars.count, scalars[cursor] != "\"" {
                    if scalars[cursor] == "\\", cursor + 1 < scalars.count { cursor += 1 }
                    value.append(scalars[cursor])
                    cursor += 1
                }
                return String(value)
            }
            index += 1
        }
        return nil
    }
}
