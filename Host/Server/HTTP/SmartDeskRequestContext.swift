import Hummingbird
import HummingbirdWebSocket
import NIOCore
import Locks

/// The request context of every route: WebSocket upgrades, plus the peer's address (the admin
/// API without a token answers loopback peers only).
public struct SmartDeskRequestContext: RequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The WebSocket route's handler, passed from the router to the upgrade (see ``WebSocketSlot``).
    public var webSocket: WebSocketHandlerReference<Self> { slot.reference }
    public let remoteAddress: SocketAddress?
    /// The connection, for the write deadline of a call's socket (``GuardedOutbound``).
    let channel: any Channel
    let slot = WebSocketSlot()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}

/// Holds a request's WebSocket handler reference so that it can be let go.
///
/// HummingbirdWebSocket's router stores the matched handler *with the request context* in a box
/// the context itself holds (context → reference → box → handler and context), and nothing
/// empties the box: every WebSocket call — and every plain GET of a WebSocket path — left its
/// request context, with the connection it names, in a reference cycle (~4 KB; found by
/// LeakSanitizer, `make test-asan`). Here the context reaches the reference through this slot,
/// and ``Router/webSocket(_:shouldUpgrade:onUpgrade:)`` releases it when the socket's handler
/// ends, which breaks the cycle.
final class WebSocketSlot: Sendable {
    /// How many exist: a test's window on the cycle.
    static let live = Atomic<Int>(0)
    private let held = Mutex<WebSocketHandlerReference<SmartDeskRequestContext>?>(.init())

    init() { Self.live.add(1, ordering: .relaxed) }
    deinit { Self.live.subtract(1, ordering: .relaxed) }

    /// The reference (a fresh, empty one once released).
    var reference: WebSocketHandlerReference<SmartDeskRequestContext> { held.withLock { $0 } ?? .init() }

    func release() { held.withLock { $0 = nil } }
}
