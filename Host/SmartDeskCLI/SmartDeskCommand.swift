import ArgumentParser

/// `smartdesk`: the one executable of the host.
public struct SmartDeskCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "smartdesk",
        abstract: "SmartDesk: a voice AI phone agent host.",
        subcommands: [ServeCommand.self, CallCommand.self, ChatCommand.self, PluginsCommand.self, PluginCommand.self, SayCommand.self, TranscribeCommand.self, EmbedCommand.self, EvalCommand.self, BenchCommand.self, ReportCommand.self, PluginWorkerCommand.self]
    )

    public init() {}
}
