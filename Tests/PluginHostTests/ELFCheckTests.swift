import Foundation
import Testing
import TestSupport
@testable import PluginHost

/// The ELF check before `dlopen`: a file cut short is refused with the reason, never mapped.
struct ELFCheckTests {
    @Test func aWholeBundledPluginPassesAndEveryCutOfItIsRefused() throws {
        let whole = [UInt8](try Data(contentsOf: try TestPaths.bundledPlugin("Billing")))
        #expect(ELFCheck.problem(in: whole) == nil)
        for size in [0, 3, 63, 64, 200, 1_000, 4_096, 20_000, whole.count / 2, whole.count - 1] {
            let problem = ELFCheck.problem(in: Array(whole.prefix(size)))
            #expect(problem?.hasPrefix("not a loadable shared library") == true, "\(size) bytes: \(problem ?? "accepted")")
        }
    }

    @Test func otherKindsOfFileAreNamed() {
        #expect(ELFCheck.problem(in: Array("just some notes, long enough to fill an ELF header's sixty-four bytes".utf8))
            == "not a loadable shared library (no ELF header)")
        var header = [UInt8](repeating: 0, count: 64)
        header[0...3] = [0x7F, 0x45, 0x4C, 0x46]
        header[4] = 1
        #expect(ELFCheck.problem(in: header) == "not a loadable shared library (not a 64-bit ELF file)")
        header[4] = 2
        header[5] = 1
        header[16] = 2  // ET_EXEC
        #expect(ELFCheck.problem(in: header)?.contains("not ET_DYN") == true)
    }

    @Test func foldersOfProcessesThatAreGoneAreSwept() throws {
        let parent = try TestPaths.temporaryDirectory("copies")
        defer { try? FileManager.default.removeItem(at: parent) }
        let ours = parent.appendingPathComponent("\(CopyDirectory.prefix)\(getpid())/host-a")
        // Process ids above the kernel's limit (4,194,304) never run.
        let gone = parent.appendingPathComponent("\(CopyDirectory.prefix)4999999/host-b")
        let other = parent.appendingPathComponent("unrelated-4999999")
        for folder in [ours, gone, other] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        #expect(CopyDirectory.sweepStale(in: parent) == 1)
        #expect(FileManager.default.fileExists(atPath: ours.path))
        #expect(!FileManager.default.fileExists(atPath: gone.deletingLastPathComponent().path))
        #expect(FileManager.default.fileExists(atPath: other.path))
        CopyDirectory.remove(ours)
        #expect(!FileManager.default.fileExists(atPath: ours.deletingLastPathComponent().path), "the process folder goes with its last host")
    }
}
