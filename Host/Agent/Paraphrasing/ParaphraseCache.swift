import Foundation
import Locks

/// The paraphrases a model wrote, by the request that asked for them, kept in a JSON file so a
/// restart or a reload of an unchanged plugin asks the model nothing. What is kept is the model's
/// candidates before filtering: the filter runs again against the index as it is then.
public final class ParaphraseCache: Sendable {
    /// Entries kept at most; the least recently written go first.
    public static let capacity = 5_000

    struct Entry: Codable, Equatable {
        var key: String
        var intent: String
        var paraphrases: [String]
    }

    private struct File: Codable {
        var version = 1
        var entries: [Entry]
    }

    private let file: URL?
    private let entries: Mutex<[Entry]>
    /// Held while the file is written, so a later write never loses to an earlier one.
    private let writing = Mutex(())

    /// Reads `file` (kept in memory only when `nil`); a missing file is an empty cache, an
    /// unreadable one an error.
    public init(file: URL? = nil) throws {
        self.file = file
        var loaded: [Entry] = []
        if let file, FileManager.default.fileExists(atPath: file.path) {
            do {
                loaded = try JSONDecoder().decode(File.self, from: Data(contentsOf: file)).entries
            } catch {
                throw ParaphraseError.unreadableCache(file.path, "\(error)")
            }
        }
        entries = Mutex(loaded)
    }

    /// The paraphrases kept for `request` asked of `model`, if any.
    public func paraphrases(for request: ParaphraseRequest, model: String) -> [String]? {
        let key = Self.key(request, model: model)
        return entries.withLock { $0.last { $0.key == key }?.paraphrases }
    }

    /// Keeps `paraphrases` for `request` and writes the file.
    public func store(_ paraphrases: [String], for request: ParaphraseRequest, model: String) throws {
        let key = Self.key(request, model: model)
        entries.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append(Entry(key: key, intent: request.intent, paraphrases: paraphrases))
            if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
        guard let file else { return }
        try writing.withLock { _ in
            let snapshot = entries.withLock { $0 }
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try encoder.encode(File(entries: snapshot)).write(to: file, options: .atomic)
            } catch {
                throw ParaphraseError.unwritableCache(file.path, "\(error)")
            }
        }
    }

    public var count: Int { entries.withLock { $0.count } }

    /// FNV-1a over everything that shapes the answer: the model, the intent, its description, its
    /// examples and the count asked for.
    static func key(_ request: ParaphraseRequest, model: String) -> String {
        let parts = [model, request.intent, request.description, String(request.count)] + request.examples
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}

public enum ParaphraseError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableCache(String, String)
    case unwritableCache(String, String)

    public var description: String {
        switch self {
        case .unreadableCache(let path, let why): "cannot read the paraphrase cache \(path): \(why)"
        case .unwritableCache(let path, let why): "cannot write the paraphrase cache \(path): \(why)"
        }
    }
}
