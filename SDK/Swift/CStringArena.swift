import Foundation

/// C copies of Swift strings that live until the arena is released: registration structs point into
/// it while the host reads them (the host copies what it keeps, so the arena dies right after).
final class CStringArena {
    private var pointers: [UnsafeMutablePointer<CChar>] = []

    func copy(_ string: String) -> UnsafePointer<CChar> {
        let pointer = strdup(string)!
        pointers.append(pointer)
        return UnsafePointer(pointer)
    }

    func copy(_ string: String?) -> UnsafePointer<CChar>? {
        string.map { copy($0) }
    }

    deinit {
        for pointer in pointers { free(pointer) }
    }
}

extension UnsafePointer<CChar> {
    /// The string, or `nil` for invalid UTF-8.
    var validatedString: String? { String(validatingCString: self) }
}
