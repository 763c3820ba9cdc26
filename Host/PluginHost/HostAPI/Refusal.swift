/// Why the host refused something a plugin handed it; becomes part of a ``PluginError`` message
/// or a log line.
struct Refusal: Error, Sendable, CustomStringConvertible {
    let reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { reason }
}
