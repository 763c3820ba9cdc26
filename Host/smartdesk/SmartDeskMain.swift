import ArgumentParser
import SmartDeskCLI

@main
enum SmartDeskMain {
    static func main() async {
        // A plugin worker serves its host straight away, on this thread: no parsing, no set-up.
        if CommandLine.arguments.dropFirst().first == "plugin-worker" {
            PluginWorkerCommand.serve()
        }
        await SmartDeskCommand.main(nil)
    }
}
