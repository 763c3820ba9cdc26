import Foundation
import TestSupport

/// The bundled skills' example phrases, read from the plugins' sources: the speech tests do not
/// link the plugin host, and the phrases are the string literals of `Plugins/*/*Examples.swift`
/// and of the `*_examples[]` arrays in `Plugins/Billing/billing.c`. `smartdesk transcribe` gets
/// the same phrases from the loaded plugins.
enum STTBundledPhrases {
    static let all: [String] = {
        let plugins = TestPaths.root.appendingPathComponent("Plugins")
        var phrases: [String] = []
        let swiftFiles = (try? FileManager.default.subpathsOfDirectory(atPath: plugins.path)) ?? []
        for path in swiftFiles.sorted() where path.hasSuffix("Examples.swift") {
            guard let text = try? String(contentsOf: plugins.appendingPathComponent(path), encoding: .utf8) else { continue }
            phrases += literals(in: text)
        }
        if let billing = try? String(contentsOf: plugins.appendingPathComponent("Billing/billing.c"), encoding: .utf8) {
            var rest = Substring(billing)
            while let start = rest.range(of: "_examples[] = {") {
                let body = rest[start.upperBound...]
                let end = body.range(of: "};")?.lowerBound ?? body.endIndex
                phrases += literals(in: String(body[..<end]))
                rest = body[end...]
            }
        }
        return phrases
    }()

    /// The contents of every "…" literal (no escapes in these files).
    private static func literals(in text: String) -> [String] {
        var result: [String] = []
        var current: String?
        for character in text {
            if character == "\"" {
                if let literal = current { result.append(literal); current = nil } else { current = "" }
            } else if current != nil {
                current!.append(character)
            }
        }
        return result
    }
}
