import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A WebSocket client on a bare TCP socket that can disappear without a close handshake, as a
/// caller's network does: no close frame, no stop, the connection just ends.
final class VanishingSocket {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port` and upgrades `path`. `receiveBuffer` shrinks the socket's
    /// receive buffer and the segment size (a client that stops reading then fills the host's
    /// buffers sooner: on loopback the host's send buffer grows with the 64 KB segments).
    init(port: Int, path: String, receiveBuffer: Int32? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket() failed") }
        if var size = receiveBuffer {
            setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var segment: Int32 = 536
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_MAXSEG, &segment, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("connect() failed") }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try send(Array(request.utf8))
        let response = String(decoding: try receive(), as: UTF8.self)
        guard response.hasPrefix("HTTP/1.1 101") else { throw TestFailure("no upgrade: \(response.prefix(80))") }
    }

    /// Sends one masked text frame.
    func sendText(_ text: String) throws {
        try sendFrame(Array(text.utf8), opcode: 0x1)
    }

    /// Sends one masked binary frame.
    func sendBinary(_ payload: [UInt8]) throws {
        try sendFrame(payload, opcode: 0x2)
    }

    private func sendFrame(_ payload: [UInt8], opcode: UInt8) throws {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        try send(frame)
    }

    /// Reads whatever the host has sent (up to 64 KiB).
    func receive() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw TestFailure("the connection closed") }
        return Array(buffer.prefix(count))
    }

    /// Drops the connection at once (a reset: no FIN handshake on the WebSocket level).
    func vanish() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(descriptor)
    }

    private func send(_ bytes: [UInt8]) throws {
        let sent = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw TestFailure("send() failed") }
    }
}
