import ArgumentParser
import Foundation

/// `smartdesk plugin new NAME --lang c|swift`: a ready plugin project outside this repository.
struct PluginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin",
        abstract: "Start a new plugin project.",
        subcommands: [New.self]
    )

    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a plugin project: one intent with a slot, one tool, a build and a test script.",
            discussion: """
            C: a folder that builds with `make` (plain cc against the SDK's header, copied in).
            Swift: a package on SmartDeskPluginKit (the SDK by path) that builds with `swift build`.
            Both have ./test.sh: build, `smartdesk plugins check`, a tool call and a scripted call.
            """
        )

        @Argument(help: "The plugin's name: a lower-case letter, then lower-case letters, digits or _.") var name: String
        @Option(name: .customLong("lang"), help: "c or swift.") var language: String = "c"
        @Option(name: .customLong("output"), help: "Where the project goes (default ./NAME); it must not exist yet.") var output: String?
        @Option(name: .customLong("sdk"), help: "A SmartDesk checkout (default: the one this smartdesk was built in).") var sdk: String?

        func run() async throws {
            if let problem = PluginTemplate.check(name: name) { throw CLIError.exit(CLIError(problem)) }
            guard let language = PluginTemplate.Language(rawValue: language.lowercased()) else {
                throw CLIError.exit(CLIError("--lang must be c or swift"))
            }
            guard let root = sdk.map({ URL(fileURLWithPath: $0).standardizedFileURL }) ?? Self.sourceRoot() else {
                throw CLIError.exit(CLIError("cannot find the SmartDesk checkout this smartdesk was built in; pass --sdk PATH"))
            }
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent("SDK/include/smartdesk.h").path) else {
                throw CLIError.exit(CLIError("\(root.path) is not a SmartDesk checkout (no SDK/include/smartdesk.h)"))
            }
            let folder = URL(fileURLWithPath: output ?? name).standardizedFileURL
            guard !FileManager.default.fileExists(atPath: folder.path) else {
                throw CLIError.exit(CLIError("\(folder.path) already exists; choose another --output"))
            }
            let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            let template = PluginTemplate(name: name, language: language, sourceRoot: root, executable: executable)
            do {
                for (path, contents) in try template.files().sorted(by: { $0.key < $1.key }) {
                    let file = folder.appendingPathComponent(path)
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try contents.write(to: file, atomically: true, encoding: .utf8)
                    if path.hasSuffix(".sh") { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path) }
                    print("  \(path)")
                }
            } catch {
                throw CLIError.exit(CLIError("cannot write the project to \(folder.path): \(error.localizedDescription)"))
            }
            print("Wrote the \(language == .c ? "C" : "Swift") plugin \(name) to \(folder.path). Next: cd \(folder.path) && ./test.sh")
        }

        /// The checkout above the executable (`.build/<triple>/<configuration>/smartdesk`).
        static func sourceRoot() -> URL? {
            var folder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<6 {
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("SDK/include/smartdesk.h").path),
                   FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    return folder
                }
                folder = folder.deletingLastPathComponent()
            }
            return nil
        }
    }
}
