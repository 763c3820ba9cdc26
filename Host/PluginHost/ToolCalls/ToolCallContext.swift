import Locks

/// What `SDToolCall *` stands for: one invocation of a JSON tool. Open only while the tool runs;
/// takes exactly one answer (`tool_result` or `tool_error`).
final class ToolCallContext: Sendable {
    /// How a tool call ended.
    enum Answer: Sendable, Equatable {
        case result(String)
        case error(String)
    }

    private struct State {
        var open = true
        var answer: Answer?
        /// Set when the tool returned before the deadline.
        var final: Answer?
    }

    let token: UInt
    private let state = Mutex(State())

    init() {
        self.token = HandleTable.shared.reserve()
        HandleTable.shared.open(token, .toolCall(self))
    }

    var handle: OpaquePointer? { HandleTable.pointer(token) }

    /// Records the answer; `SD_ERR` when closed or already answered. An invalid result is recorded
    /// as an error (the call fails with it) and also answers `SD_ERR`.
    func answer(_ answer: Answer, accepted: Bool = true) -> Int32 {
        state.withLock { state in
            guard state.open, state.answer == nil else { return Status.error }
            state.answer = answer
            return accepted ? Status.ok : Status.error
        }
    }

    /// Closes the call when the tool returned `code`; nil when the deadline closed it first.
    func finish(returned code: Int32) -> Answer? {
        HandleTable.shared.close(token)
        return state.withLock { state in
            guard state.open else { return nil }
            state.open = false
            let final = Self.final(state.answer, code: code)
            state.final = final
            return final
        }
    }

    /// Closes the call at the deadline; answers the tool's answer when it had returned just
    /// before (it then counts), nil when the call expired.
    func expire() -> Answer? {
        HandleTable.shared.close(token)
        return state.withLock { state in
            state.open = false
            return state.final
        }
    }

    private static func final(_ answer: Answer?, code: Int32) -> Answer {
        switch answer {
        case .error(let message)?:
            .error(message)
        case .result(let json)? where code == Status.ok:
            .result(json)
        case .result?:
            .error("the tool returned \(code) after answering")
        case nil:
            .error(code == Status.ok
                ? "the tool returned without calling tool_result or tool_error"
                : "the tool returned \(code) without calling tool_error")
        }
    }
}
