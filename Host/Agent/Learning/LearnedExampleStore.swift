import Foundation
import Synchronization

/// The agent's ``LearnedExamples``, shared by every call and kept in a JSON file (written to a
/// temporary file and renamed, so a crash never leaves half a file). Without a file they live as
/// long as the process. Observers hear of every change (the index follows them).
public final class LearnedExampleStore: Sendable {
    public let file: URL?
    private let state: Mutex<LearnedExamples>
    private let observers = Mutex<[@Sendable () -> Void]>([])
    /// Serialises changes with their saves, so the file always holds the latest state.
    private let writer = Mutex(())

    /// A store in memory only.
    public init(capPerIntent: Int = LearnedExamples.defaultCapPerIntent) {
        file = nil
        state = Mutex(LearnedExamples(capPerIntent: capPerIntent))
    }

    /// The store kept in `file`, read now when it exists. A file that cannot be read is an
    /// error (it is not silently replaced, so nothing learned is lost).
    public init(file: URL, capPerIntent: Int = LearnedExamples.defaultCapPerIntent) throws {
        self.file = file
        var examples = LearnedExamples(capPerIntent: capPerIntent)
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .iso8601
                let saved = try decoder.decode(Saved.self, from: try Data(contentsOf: file))
                examples = LearnedExamples(capPerIntent: capPerIntent, examples: saved.examples)
            } catch {
                throw LearnedExampleError("\(file.path) is not a learned-examples file (\(error)); move it away to start afresh")
            }
        }
        state = Mutex(examples)
    }

    private struct Saved: Codable {
        var version = 1
        var examples: [LearnedExamples.Example]
    }

    public var all: [LearnedExamples.Example] { state.withLock { $0.examples } }

    /// Calls `observer` after every change.
    public func observe(_ observer: @escaping @Sendable () -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Learns `text` for `intent`; false when it was refused or already known.
    @discardableResult
    public func add(intent: String, text: String, at date: Date = Date()) throws -> Bool {
        try change { $0.add(intent: intent, text: text, at: date) }
    }

    /// Forgets one example; false when there was none.
    @discardableResult
    public func remove(intent: String, text: String) throws -> Bool {
        try change { $0.remove(intent: intent, text: text) }
    }

    private func change(_ edit: (inout LearnedExamples) -> Bool) throws -> Bool {
        let changed = try writer.withLock { _ -> Bool in
            var next = state.withLock { $0 }
            guard edit(&next) else { return false }
            try save(next)
            state.withLock { $0 = next }
            return true
        }
        guard changed else { return false }
        for observer in observers.withLock({ $0 }) { observer() }
        return true
    }

    private func save(_ examples: LearnedExamples) throws {
        guard let file else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(Saved(examples: examples.examples))
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).\(UUID().uuidString)")
        try data.write(to: temporary)
        if FileManager.default.fileExists(atPath: file.path) {
            _ = try FileManager.default.replaceItemAt(file, withItemAt: temporary)
        } else {
            try FileManager.default.moveItem(at: temporary, to: file)
        }
    }
}

public struct LearnedExampleError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
