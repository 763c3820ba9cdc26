#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C strings the host hands a plugin, kept until their lifetime ends (the handler returned, or the
/// generation was unloaded) and then freed together. Asking twice for the same unchanged text gets
/// the same copy, so a plugin reading a value in a loop does not grow the arena. Addresses are
/// kept as integers so the arena is plain Sendable data inside a lock.
struct CStringArena: Sendable {
    private var current: [String: (text: String, address: UInt)] = [:]
    private var owned: [UInt] = []

    /// The address of a NUL-terminated copy of `text`, cached under `key`. When the text under a
    /// key changes, the old copy stays valid until ``freeAll()``.
    mutating func address(of text: String, key: String) -> UInt {
        if let cached = current[key], cached.text == text { return cached.address }
        guard let copy = strdup(text) else { return 0 }
        let address = UInt(bitPattern: copy)
        owned.append(address)
        current[key] = (text, address)
        return address
    }

    /// Frees every copy; addresses handed out before are invalid afterwards.
    mutating func freeAll() {
        for address in owned {
            free(UnsafeMutableRawPointer(bitPattern: address))
        }
        owned.removeAll()
        current.removeAll()
    }
}
