import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket

/// A WebSocket's outbound side with a write deadline. A client that stops reading fills the
/// socket's buffers and every write waits; without a deadline the call (and the audio queued
/// for it) would live as long as the client keeps the socket open. A write that has not gone out
/// within `deadline` closes the connection: the write fails, the inbound stream ends, and the
/// call ends the way a hang-up does.
struct GuardedOutbound: Sendable {
    let outbound: WebSocketOutboundWriter
    let channel: any Channel
    let deadline: Duration
    let logger: Logger

    init(_ outbound: WebSocketOutboundWriter, channel: any Channel, deadline: Duration, logger: Logger) {
        self.outbound = outbound
        self.channel = channel
        self.deadline = deadline
        self.logger = logger
    }

    func write(_ frame: WebSocketOutboundWriter.OutboundFrame) async throws {
        try await guarded { try await outbound.write(frame) }
    }

    /// Sends the close frame; the connection itself is closed `grace` later unless the client has
    /// closed it by then (a client that neither answers the close nor sends anything would keep
    /// the call's handler waiting for its next message).
    func close(_ code: WebSocketErrorCode, reason: String?, grace: Duration = .seconds(2)) async throws {
        let channel = self.channel
        channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: grace.nanoseconds))) {
            channel.close(promise: nil)
        }
        try await guarded { try await outbound.close(code, reason: reason) }
    }

    private func guarded(_ body: () async throws -> Void) async throws {
        let channel = self.channel, logger = self.logger, deadline = self.deadline
        let watchdog = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(clamping: deadline.nanoseconds))) {
            logger.warning("closing the socket: the client stopped reading (a write waited \(deadline))")
            channel.close(promise: nil)
        }
        defer { watchdog.cancel() }
        try await body()
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int {
        let (seconds, attoseconds) = components
        let (whole, overflow) = Int(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole.addingReportingOverflow(Int(attoseconds / 1_000_000_000)).partialValue
    }
}
