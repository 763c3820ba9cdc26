import Core
import Foundation

// The configuration loader: smartdesk.toml through TOMLKit (toml++, C++) into ConfigFile, then an
// environment on top. Any bytes: a configuration or one clear error naming the file, never a
// crash; parsing is deterministic. Input after a line "#ENV" is read as NAME=VALUE lines for the
// environment step (only SMARTDESK_ names, the way the host reads them).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    // The host reads the file as UTF-8 and refuses it otherwise.
    guard let input = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    let parts = input.components(separatedBy: "\n#ENV\n")
    let text = parts[0]
    var config: ConfigFile
    do {
        config = try ConfigFile.parse(text, file: "fuzz.toml")
    } catch let error as CLIError {
        guard error.description.hasPrefix("fuzz.toml") else { fatalError("an error that does not name the file: \(error)") }
        return 0
    } catch {
        fatalError("an error that is not a CLIError: \(error)")
    }
    guard (try? ConfigFile.parse(text, file: "fuzz.toml")) == config else { fatalError("parsing the same text twice differs") }
    // What the host goes on to read from a parsed file.
    _ = config.business?.json
    _ = config.business?.recognizerPhrases
    var session = SessionConfiguration()
    config.applySession(to: &session)
    if parts.count > 1 {
        var environment: [String: String] = [:]
        for line in parts[1].split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = String(line[..<equals])
            guard name.hasPrefix("SMARTDESK_") || name == "OPENAI_API_KEY" else { continue }
            environment[name] = String(line[line.index(after: equals)...])
        }
        do {
            try config.apply(environment: environment)
        } catch is CLIError {
        } catch {
            fatalError("an environment error that is not a CLIError: \(error)")
        }
    }
    return 0
}
