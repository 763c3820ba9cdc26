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

    /// Reads one frame; `.closed` at a clean end of stream.
    static func read(from descriptor: Int32) throws(Failure) -> Data {
        var header = [UInt8](repeating: 0, count: 4)
        guard try readExactly(&header, from: descriptor, allowEnd: true) else { throw .closed }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard length <= maximumLength else { throw .broken("frame of \(length) bytes is too long") }
        var payload = [UInt8](repeating: 0, count: length)
        guard try readExactly(&payload, from: descriptor, allowEnd: false) else { throw .broken("the stream ended mid-frame") }
        return Data(payload)
    }

    /// False when the stream ended before the first byte and `allowEnd`.
    private static func readExactly(_ buffer: inout [UInt8], from descriptor: Int32, allowEnd: Bool) throws(Failure) -> Bool {
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeMutableBytes { bytes in
                Glibc.read(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw .broken(String(cString: strerror(errno)))
            }
            if count == 0 {
                if offset == 0 && allowEnd { return false }
                throw .broken("the stream ended mid-frame")
            }
            offset += count
        }
        return true
    }
}
