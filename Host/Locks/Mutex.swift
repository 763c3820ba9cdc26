// The lock every module uses: `import Locks` instead of `import Synchronization`.
//
// In every build but one this module only re-exports the standard library's Synchronization, so
// `Mutex` (and `Atomic`) are the standard types, at no cost. The one exception is the
// ThreadSanitizer build (`make test-tsan` compiles with `-DSMARTDESK_TSAN`): the standard `Mutex`
// locks with futex system calls the sanitizer does not intercept, so every access made under it
// from two threads is reported as a race (62 such reports in one run, all between closures inside
// `withLock` on the same lock). There `Mutex` is the class below, the same API over a pthread
// mutex the sanitizer understands, and what it still reports is worth reading. A declaration here
// shadows Synchronization's, which this module imports: a file must not import both.

@_exported import Synchronization

#if SMARTDESK_TSAN
import Glibc

/// `Synchronization.Mutex`'s API over a `pthread_mutex_t` (the ThreadSanitizer build only).
///
/// The value lives behind a pointer, not in a stored property: the sanitizer checks Swift's
/// exclusive access to a class's stored property on its own, outside the lock's ordering, and
/// reported a zero-sized one (`Mutex(())`) as raced.
public final class Mutex<Value: ~Copyable>: @unchecked Sendable {
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let value = UnsafeMutablePointer<Value>.allocate(capacity: 1)

    public init(_ initialValue: consuming sending Value) {
        value.initialize(to: initialValue)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
        value.deinitialize(count: 1)
        value.deallocate()
    }

    public func withLock<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try body(&value.pointee)
    }

    public func withLockIfAvailable<Result: ~Copyable, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result? {
        guard pthread_mutex_trylock(lock) == 0 else { return nil }
        defer { pthread_mutex_unlock(lock) }
        return try body(&value.pointee)
    }
}
#endif
