import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folders of plugin copies (`<tmp>/smartdesk-plugins-<pid>`): each process removes its own at
/// shutdown, and sweeps those of processes that no longer run (a crash leaves its copies behind).
enum CopyDirectory {
    static let prefix = "smartdesk-plugins-"

    /// Removes `<parent>/smartdesk-plugins-<pid>` folders whose process is gone; returns how many.
    @discardableResult
    static func sweepStale(in parent: URL = FileManager.default.temporaryDirectory) -> Int {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return 0 }
        var removed = 0
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid > 0, pid != getpid(), !running(pid) else { continue }
            if (try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))) != nil { removed += 1 }
        }
        return removed
    }

    /// Removes a host's folder of copies, and the process's folder once no other host uses it.
    static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
        let processFolder = folder.deletingLastPathComponent()
        if processFolder.lastPathComponent.hasPrefix(prefix) { _ = rmdir(processFolder.path) }
    }

    /// True when a process with `pid` exists (ours or another user's).
    static func running(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
