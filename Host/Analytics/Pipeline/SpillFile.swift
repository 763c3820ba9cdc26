import Core
import Foundation

/// Events the store could not take yet, appended one JSON line each to a local file and replayed
/// in order when the store is back. Bounded: past `limit` bytes (the file and a replay in
/// progress together) an event is dropped and counted.
///
/// A replay first moves the file aside (`<path>.replaying`), so events spilled while it runs go to
/// a new file and are neither lost nor replayed twice; the moved file is removed only once the
/// store has taken all of it, and a replay that failed (or a host that stopped) starts again from it.
/// Not thread-safe (the pipeline holds its lock around it; only the writer thread replays).
final class SpillFile {
    let path: String
    let limit: Int
    /// The file still to be replayed.
    private(set) var bytes: Int
    private(set) var count: Int
    /// What was moved aside for the replay in progress.
    private(set) var replayingBytes = 0
    private(set) var replayingCount = 0
    private(set) var dropped = 0
    private let encoder = JSONEncoder()

    var replayPath: String { path + ".replaying" }

    init(path: String, limit: Int) {
        self.path = path
        self.limit = limit
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        (bytes, count) = Self.measure(path)
        (replayingBytes, replayingCount) = Self.measure(path + ".replaying")
        encoder.outputFormatting = [.sortedKeys]
    }

    private static func measure(_ path: String) -> (bytes: Int, count: Int) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return (0, 0) }
        return (data.count, data.split(separator: 0x0A).count)
    }

    var isEmpty: Bool { bytes == 0 && replayingBytes == 0 }
    /// Events on disk, waiting or being replayed.
    var pending: Int { count + replayingCount }
    var pendingBytes: Int { bytes + replayingBytes }

    /// Appends `events`; those past the limit (or that cannot be written) are dropped and
    /// counted. Returns how many were dropped.
    @discardableResult
    func append(_ events: [CallEvent]) -> Int {
        var data = Data()
        var dropping = 0
        for event in events {
            guard var line = try? encoder.encode(event) else { dropping += 1; continue }
            line.append(0x0A)
            if bytes + replayingBytes + data.count + line.count > limit {
                dropping += 1
                continue
            }
            data.append(line)
        }
        if !data.isEmpty {
            if !FileManager.default.fileExists(atPath: path) {
                FileManager.default.createFile(atPath: path, contents: nil)
            }
            do {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: data)
                bytes += data.count
                count += events.count - dropping
            } catch {
                dropping = events.count
            }
        }
        dropped += dropping
        return dropping
    }

    /// Moves the file aside for a replay, unless an earlier replay's file is still there (it goes
    /// first: it is older). Call with the pipeline's lock held.
    func beginReplay() {
        guard replayingBytes == 0, bytes > 0 else { return }
        guard rename(path, replayPath) == 0 else { return }
        replayingBytes = bytes
        replayingCount = count
        bytes = 0
        count = 0
    }

    /// The events moved aside, oldest first (a line that does not decode is skipped). Only the
    /// writer thread reads it, so the lock need not be held.
    func readReplay() -> [CallEvent] {
        guard let data = FileManager.default.contents(atPath: replayPath) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(CallEvent.self, from: Data($0)) }
    }

    /// The store took every event moved aside. Call with the lock held.
    func finishReplay() {
        unlink(replayPath)
        replayingBytes = 0
        replayingCount = 0
    }
}
