import Core
import Foundation

/// Events the store could not take yet, appended one JSON line each to a local file and replayed
/// in order when the store is back. Bounded: past `limit` bytes an event is dropped and counted.
/// Not thread-safe (the pipeline holds its lock around it).
final class SpillFile {
    let path: String
    let limit: Int
    private(set) var bytes: Int
    private(set) var count: Int
    private(set) var dropped = 0
    private let encoder = JSONEncoder()

    init(path: String, limit: Int) {
        self.path = path
        self.limit = limit
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        bytes = size ?? 0
        count = bytes > 0 ? ((try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").count ?? 0) : 0
        encoder.outputFormatting = [.sortedKeys]
    }

    var isEmpty: Bool { bytes == 0 }

    /// Appends `events`; those past the limit (or that cannot be written) are dropped and
    /// counted. Returns how many were dropped.
    @discardableResult
    func append(_ events: [CallEvent]) -> Int {
        var data = Data()
        var dropping = 0
        for event in events {
            guard var line = try? encoder.encode(event) else { dropping += 1; continue }
            line.append(0x0A)
            if bytes + data.count + line.count > limit {
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

    /// Every spilled event, oldest first (a line that does not decode is skipped).
    func read() -> [CallEvent] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: 0x0A).compactMap { try? decoder.decode(CallEvent.self, from: Data($0)) }
    }

    /// Forgets what was replayed.
    func clear() {
        try? FileManager.default.removeItem(atPath: path)
        bytes = 0
        count = 0
    }
}
