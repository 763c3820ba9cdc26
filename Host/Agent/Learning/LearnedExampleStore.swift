import Foundation
import Locks

/// Where learned examples are kept beyond the process: a JSON file (one host), or a database
/// several hosts share. `persist` gets the whole new state and what changed; a shared backing
/// applies the change (so two hosts learning at once lose nothing) and `load` reads what every
/// host has learned.
public protocol LearnedExampleBacking: Sendable {
    func load() throws -> [LearnedExamples.Example]
    func persist(_ state: [LearnedExamples.Example], added: [LearnedExamples.Example], removed: [LearnedExamples.Example]) throws
}

/// The agent's ``LearnedExamples``, shared by every call, kept by a backing (a JSON file written
/// to a temporary file and renamed, or the analytics store hosts share). Without one they live as
/// long as the process. Observers hear of every change (the index follows them).
public final class LearnedExampleStore: Sendable {
    public let file: URL?
    private let backing: (any LearnedExampleBacking)?
    private let state: Mutex<LearnedExamples>
    private let observers = Mutex<[@Sendable () -> Void]>([])
    /// Serialises changes with their saves, so the backing always holds the latest state.
    private let writer = Mutex(())

    /// A store in memory only.
    public init(capPerIntent: Int = LearnedExamples.defaultCapPerIntent) {
        file = nil
        backing = nil
        state = Mutex(LearnedExamples(capPerIntent: capPerIntent))
    }

    /// The store kept in `file`, read now when it exists. A file that cannot be read is an
    /// error (it is not silently replaced, so nothing learned is lost).
    public convenience init(file: URL, capPerIntent: Int = LearnedExamples.defaultCapPerIntent) throws {
        try self.init(backing: LearnedExampleFile(file: file), capPerIntent: capPerIntent, file: file)
    }

    /// The store kept by `backing`, read now.
    public init(backing: any LearnedExampleBacking, capPerIntent: Int = LearnedExamples.defaultCapPerIntent, file: URL? = nil) throws {
        self.file = file
        self.backing = backing
        state = Mutex(LearnedExamples(capPerIntent: capPerIntent, examples: try backing.load()))
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

    /// Reads the backing again (what other hosts sharing it learned or forgot); true when that
    /// changed anything, and then observers hear of it.
    @discardableResult
    public func refresh() throws -> Bool {
        guard let backing else { return false }
        let changed = try writer.withLock { _ -> Bool in
            let loaded = try backing.load()
            return state.withLock { current in
                let next = LearnedExamples(capPerIntent: current.capPerIntent, examples: loaded)
                // The same phrases for the same intents (the dates may be stored less finely).
                func keys(_ examples: [LearnedExamples.Example]) -> Set<String> { Set(examples.map { $0.intent + "\t" + $0.text }) }
                guard keys(next.examples) != keys(current.examples) else { return false }
                current = next
                return true
            }
        }
        if changed { for observer in observers.withLock({ $0 }) { observer() } }
        return changed
    }

    private func change(_ edit: (inout LearnedExamples) -> Bool) throws -> Bool {
        let changed = try writer.withLock { _ -> Bool in
            let before = state.withLock { $0 }
            var next = before
            guard edit(&next) else { return false }
            let old = Set(before.examples), new = Set(next.examples)
            try backing?.persist(next.examples, added: next.examples.filter { !old.contains($0) },
                                 removed: before.examples.filter { !new.contains($0) })
            state.withLock { $0 = next }
            return true
        }
        guard changed else { return false }
        for observer in observers.withLock({ $0 }) { observer() }
        return true
    }
}

/// Learned examples in one JSON file.
struct LearnedExampleFile: LearnedExampleBacking {
    let file: URL

    private struct Saved: Codable {
        var version = 1
        var examples: [LearnedExamples.Example]
    }

    func load() throws -> [LearnedExamples.Example] {
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        do {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(Saved.self, from: try Data(contentsOf: file)).examples
        } catch {
            throw LearnedExampleError("\(file.path) is not a learned-examples file (\(error)); move it away to start afresh")
        }
    }

    func persist(_ state: [LearnedExamples.Example], added: [LearnedExamples.Example], removed: [LearnedExamples.Example]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(Saved(examples: state))
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
