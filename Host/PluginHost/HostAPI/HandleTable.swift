import Locks

/// The handles plugins hold (`SDPlugin *`, `SDTurn *`, `SDToolCall *`) are integer tokens cast to
/// pointers and looked up here. A stale, closed or made-up handle finds nothing, so the host
/// function answers `SD_ERR` or NULL instead of touching freed memory. Tokens are never reused.
final class HandleTable: Sendable {
    /// What a token stands for.
    enum Entry: Sendable {
        case plugin(PluginContext)
        case turn(TurnContext)
        case toolCall(ToolCallContext)
    }

    /// One table for the process: the host table's C functions cannot capture a host.
    static let shared = HandleTable()

    private struct State {
        /// Far from 0 and small integers, 8-aligned like a real pointer.
        var next: UInt = 0x5D00_0000
        var entries: [UInt: Entry] = [:]
    }

    private let state = Mutex(State())

    /// A fresh token; nothing answers to it until ``open(_:_:)``.
    func reserve() -> UInt {
        state.withLock { state in
            state.next &+= 8
            return state.next
        }
    }

    /// Makes `token` answer with `entry`.
    func open(_ token: UInt, _ entry: Entry) {
        state.withLock { $0.entries[token] = entry }
    }

    /// From now on `token` finds nothing.
    func close(_ token: UInt) {
        _ = state.withLock { $0.entries.removeValue(forKey: token) }
    }

    func plugin(_ handle: OpaquePointer?) -> PluginContext? {
        guard case .plugin(let context)? = entry(handle) else { return nil }
        return context
    }

    func turn(_ handle: OpaquePointer?) -> TurnContext? {
        guard case .turn(let context)? = entry(handle) else { return nil }
        return context
    }

    func toolCall(_ handle: OpaquePointer?) -> ToolCallContext? {
        guard case .toolCall(let context)? = entry(handle) else { return nil }
        return context
    }

    /// How many handles are open (tests check that none leak).
    var openCount: Int {
        state.withLock { $0.entries.count }
    }

    private func entry(_ handle: OpaquePointer?) -> Entry? {
        guard let handle else { return nil }
        let token = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle)))
        return state.withLock { $0.entries[token] }
    }

    /// The pointer a plugin receives for `token`.
    static func pointer(_ token: UInt) -> OpaquePointer? {
        OpaquePointer(bitPattern: token)
    }
}
