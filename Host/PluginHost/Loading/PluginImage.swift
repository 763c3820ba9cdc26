import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A private copy of a plugin file, opened with `dlopen(RTLD_NOW | RTLD_LOCAL)`: every unresolved
/// symbol fails the load with `dlerror()`'s text instead of failing in the middle of a call, and
/// plugins cannot see each other's symbols. The copy has a unique name because the dynamic loader
/// caches images by path (and by file identity, so symlinks are resolved and bytes copied).
struct PluginImage: Sendable {
    /// The `dlopen` handle.
    private let handle: UInt
    /// The copy that was opened.
    let copyPath: String

    /// Copies `path` into `directory` and opens the copy.
    static func open(copyOf path: String, into directory: URL) throws(Refusal) -> PluginImage {
        let source = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        let copy = try copy(path, into: directory)
        guard let handle = dlopen(copy.path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = lastError()?.replacingOccurrences(of: copy.path, with: source.path) ?? "dlopen failed"
            try? FileManager.default.removeItem(at: copy)
            throw Refusal("not a loadable shared library (\(reason))")
        }
        return PluginImage(handle: UInt(bitPattern: handle), copyPath: copy.path)
    }

    /// Copies `path` to a unique name in `directory` once the bytes pass the ELF check (checked on
    /// the bytes that are copied: the file cannot change in between). Answers the copy.
    static func copy(_ path: String, into directory: URL) throws(Refusal) -> URL {
        let source = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory) else {
            throw Refusal("no such file")
        }
        guard !isDirectory.boolValue else { throw Refusal("it is a directory, not a shared library") }
        let stem = source.deletingPathExtension().lastPathComponent
        let copy = directory.appendingPathComponent("\(stem)-\(UUID().uuidString.prefix(13).lowercased()).so")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let bytes = try Data(contentsOf: source)
            if let problem = ELFCheck.problem(in: [UInt8](bytes)) { throw Refusal(problem) }
            try bytes.write(to: copy, options: .withoutOverwriting)
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            try? FileManager.default.removeItem(at: copy)
            throw Refusal("cannot copy it to \(directory.path): \(error.localizedDescription)")
        }
        return copy
    }

    /// The address of an exported symbol, or nil.
    func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle = UnsafeMutableRawPointer(bitPattern: handle) else { return nil }
        return dlsym(handle, name)
    }

    /// Closes the image (unless `keepMapped`) and deletes the copy; a mapped image does not need
    /// its file.
    func close(keepMapped: Bool) {
        if !keepMapped, let handle = UnsafeMutableRawPointer(bitPattern: handle) {
            dlclose(handle)
        }
        try? FileManager.default.removeItem(atPath: copyPath)
    }

    private static func lastError() -> String? {
        guard let message = dlerror() else { return nil }
        return String(cString: message)
    }
}
