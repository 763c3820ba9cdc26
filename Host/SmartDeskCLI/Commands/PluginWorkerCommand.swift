import ArgumentParser
import PluginHost

/// `smartdesk plugin-worker`: the worker process of a plugin loaded with `isolation = "process"`.
/// The host starts it with its socket as descriptor 3; nobody runs it by hand.
public struct PluginWorkerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "plugin-worker",
        abstract: "Run one isolated plugin for a host (started by the host, on descriptor 3).",
        shouldDisplay: false
    )

    public init() {}

    public func run() throws {
        Self.serve()
    }

    /// Serves the host on descriptor 3 until it stops the worker; never returns.
    public static func serve() -> Never {
        PluginWorker.serve()
    }
}
