/// A tool the agent's language model called during a call and what came back, kept in memory as
/// one entry (a call is never remembered without its result), under a key unique in the call.
public struct ToolExchange: Sendable, Equatable {
    /// `"<call id>/t<turn>/<n>"`: a turn replayed after a barge-in finds its calls already made.
    public var key: String
    public var turn: Int
    public var tool: String
    /// The arguments the tool ran with (JSON), card numbers masked.
    public var arguments: String
    /// The tool's JSON result, or why it failed; card numbers masked.
    public var result: String
    public var failed: Bool

    public init(key: String, turn: Int, tool: String, arguments: String, result: String, failed: Bool = false) {
        self.key = key
        self.turn = turn
        self.tool = tool
        self.arguments = Redaction.maskCardNumbers(arguments)
        self.result = Redaction.maskCardNumbers(result)
        self.failed = failed
    }
}

/// A tool call with side effects the language model proposed, waiting for the caller's yes.
public struct ProposedToolCall: Sendable, Equatable {
    /// The key its ``ToolExchange`` will carry: one proposal runs at most once.
    public var key: String
    public var tool: String
    /// The arguments it will run with (JSON; the caller parameter already the caller's).
    public var arguments: String
    /// The read-back the caller answers: "To confirm: … Shall I go ahead?"
    public var readBack: String

    public init(key: String, tool: String, arguments: String, readBack: String) {
        self.key = key
        self.tool = tool
        self.arguments = arguments
        self.readBack = readBack
    }
}

extension Redaction {
    /// Every run of 13 to 19 digits (spaces or dashes between them allowed) becomes
    /// "[card ending 4242]".
    public static func maskCardNumbers(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                output.append(characters[index])
                index += 1
                continue
            }
            // The longest run of digits with single separators between them.
            var end = index
            var digits: [Character] = []
            var cursor = index
            while cursor < characters.count {
                if characters[cursor].isASCII, characters[cursor].isNumber {
                    digits.append(characters[cursor])
                    end = cursor + 1
                    cursor += 1
                } else if characters[cursor] == " " || characters[cursor] == "-",
                          cursor + 1 < characters.count, characters[cursor + 1].isASCII, characters[cursor + 1].isNumber {
                    cursor += 1
                } else {
                    break
                }
            }
            if (13...19).contains(digits.count) {
                output += "[card ending \(String(digits.suffix(4)))]"
            } else {
                output += String(characters[index..<end])
            }
            index = end
        }
        return output
    }
}
