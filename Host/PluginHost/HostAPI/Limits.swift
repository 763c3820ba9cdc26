import SmartDeskSDK

/// The `SD_MAX_*` limits and status codes of smartdesk.h as Swift values.
enum Limits {
    static let name = Int(SD_MAX_NAME)
    static let text = Int(SD_MAX_TEXT)
    static let examples = Int(SD_MAX_EXAMPLES)
    static let slots = Int(SD_MAX_SLOTS)
    static let value = Int(SD_MAX_VALUE)
    static let json = Int(SD_MAX_JSON)

    /// Says per turn: a handler may say several things, not an unbounded stream.
    static let saysPerTurn = 32
    /// `call_set` calls per turn.
    static let callValueChangesPerTurn = 256
    /// Call-start hooks per plugin.
    static let hooksPerPlugin = 8
    /// Handlers of one generation that may overrun their deadline at once before the host stops
    /// starting new ones (each holds a thread).
    static let overrunningHandlers = 16
}

/// `SD_OK` and `SD_ERR` as the `Int32` the C functions return.
enum Status {
    static let ok = Int32(SD_OK)
    static let error = Int32(SD_ERR)
}
