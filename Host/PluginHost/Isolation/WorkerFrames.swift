import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The framing between the host and a plugin worker: each message is a 4-byte big-endian length
/// followed by that many bytes of JSON. One reader and one writer per end; writes of one frame
/// are never interleaved (callers hold the writer's lock).
enum WorkerFrames {
    /// A frame longer than this is a protocol error (tool results are at most 64 KiB).
    static let maximumLength = 8 << 20

    enum Failure: Error, Equatable {
        /// The other end closed the socket (between frames).
        case closed
        /// A read or write failed with this errno, or a frame was cut or too long.
        case broken(String)
    }

    /// Writes one frame: length and payload in one buffer, so a frame is never half-sent between
    /// other writers' frames.
    static func write(_ payload: Data, to descriptor: Int32) throws(Failure) {
        guard payload.count <= maximumLength else { throw .broken("frame of \(payload.count) bytes is too long") }
        var frame = Data(capacity: payload.count + 4)
        let length = UInt32(payload.count).bigEndian
        withUnsafeBytes(of: length) { frame.append(contentsOf: $0) }
        frame.append(payload)
        let failure = frame.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32 in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
        if failure != 0 { throw .broken(String(cString: strerror(failure))) }
    }

    /// Reads frames from one descriptor through a buffer: most frames take one `read`.
    struct Reader {
        let descriptor: Int32
        private var buffer = [UInt8](repeating: 0, count: 64 << 10)
        /// Unconsumed bytes are `buffer[start..<end]`.
        private var start = 0
        private var end = 0

        init(descriptor: Int32) {
            self.descriptor = descriptor
        }

        /// The next frame's payload; `.closed` at a clean end of stream.
        mutating func next() throws(Failure) -> Data {
            guard try fill(4, allowEnd: true) else { throw .closed }
            let length = Int(buffer[start]) << 24 | Int(buffer[start + 1]) << 16 | Int(buffer[start + 2]) << 8 | Int(buffer[start + 3])
            guard length <= maximumLength else { throw .broken("frame of \(length) bytes is too long") }
            start += 4
            guard try fill(length, allowEnd: false) else { throw .broken("the stream ended mid-frame") }
            defer { start += length }
            return Data(buffer[start..<(start + length)])
        }

        /// Makes at least `count` bytes available; false when the stream ended before any byte
        /// and `allowEnd`.
        private mutating func fill(_ count: Int, allowEnd: Bool) throws(Failure) -> Bool {
            if end - start >= count { return true }
            // Move what is left to the front, and grow for a frame larger than the buffer.
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            }
            if buffer.count < count { buffer += [UInt8](repeating: 0, count: count - buffer.count) }
            while end < count {
                let received = buffer.withUnsafeMutableBytes { bytes in
                    Glibc.read(descriptor, bytes.baseAddress! + end, bytes.count - end)
                }
                if received < 0 {
                    if errno == EINTR { continue }
                    throw .broken(String(cString: strerror(errno)))
                }
                if received == 0 {
                    if end == 0 && allowEnd { return false }
                    throw .broken("the stream ended mid-frame")
                }
                end += received
            }
            return true
        }
    }
}
