#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The string a typed tool returns (`const char *`): the ABI lets it stay valid only until the tool
/// is called again on the same thread, so each thread keeps its own copy and replaces it on the
/// next call. The copy is freed when the next one replaces it or when the thread exits.
///
/// A typed tool is a `@convention(c)` function without context, so keep the buffer in a `static let`:
///
/// ```swift
/// enum NameTool {
///     static let buffer = ThreadLocalCString()
///     static let function: @convention(c) (UnsafePointer<CChar>?) -> UnsafePointer<CChar>? = { phone in
///         buffer.store(lookUpName(phone))
///     }
/// }
/// ```
public final class ThreadLocalCString: Sendable {
    private let key: pthread_key_t

    public init() {
        var key = pthread_key_t()
        // Cannot fail short of PTHREAD_KEYS_MAX keys in the process; one per tool is far below it.
        let status = pthread_key_create(&key) { free($0) }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        self.key = key
    }

    /// Copies `string` into this thread's buffer (freeing the previous copy) and returns it, or
    /// returns NULL for `nil`.
    public func store(_ string: String?) -> UnsafePointer<CChar>? {
        free(pthread_getspecific(key))
        guard let string else {
            pthread_setspecific(key, nil)
            return nil
        }
        let copy = strdup(string)
        pthread_setspecific(key, copy)
        return UnsafePointer(copy)
    }

    // No deinit: the key is never deleted, because threads may still hold copies that the key's
    // destructor frees on exit. Keep instances in `static let`s (one per tool, for the image's life).
}
