import Analytics
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/dashboard`: one HTML page (no build step) kept current by server-sent events from
/// `/dashboard/events` — live calls, latency, intents, fast-path share, escalations, alerts, the
/// shared handoff queue (take / mark done through the admin API) and calls per hour. Behind the
/// admin token: `/dashboard?token=…` once, and the browser keeps it in an HTTP-only cookie.
enum DashboardRoutes {
    struct Snapshot: Encodable {
        var at: Int64
        var calls: [AdminCall]
        var draining: Bool
        var live: LiveView.Snapshot?
        var alerts: [Alert]
        var handoffs: [QueuedHandoff]?
        var store: StoreStatus?
    }

    struct StoreStatus: Encodable {
        var reachable: Bool
        var queued: Int
        var spilled: Int
        var dropped: Int
    }

    /// How often the page is sent fresh figures, and how long one stream lasts (the browser
    /// reconnects by itself).
    static let interval: Duration = .seconds(1)
    static let streamLifetime: Duration = .seconds(300)

    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        let token = context.configuration.adminToken
        router.get("/") { _, _ -> Response in
            let html = #"<!doctype html><meta charset="utf-8"><title>SmartDesk</title><p>SmartDesk is running. <a href="/dashboard">Dashboard</a> · <a href="/healthz">health</a>"#
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        // The page: with ?token=… (when a token is set) it keeps the token in a cookie.
        router.get("dashboard") { request, requestContext -> Response in
            var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
            if let token {
                let given = request.uri.queryParameters.get("token") ?? AdminAuthentication.cookie(AdminAuthentication.cookieName, in: request) ?? ""
                guard ConstantTime.equal(Array(given.utf8), Array(token.utf8)) else {
                    let page = #"<!doctype html><meta charset="utf-8"><title>SmartDesk</title><p>Open <code>/dashboard?token=…</code> with the admin token (SMARTDESK_ADMIN_TOKEN)."#
                    return Response(status: .unauthorized, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
                }
                headers[.setCookie] = "\(AdminAuthentication.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            } else if !AdminAuthentication.isLoopback(requestContext.remoteAddress) {
                return AdminRoutes.error(.forbidden, "without SMARTDESK_ADMIN_TOKEN the dashboard answers loopback clients only")
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        let events = router.group("dashboard/events").add(middleware: AdminAuthentication(token: token))
        events.get { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: ResponseBody { writer in
                let clock = ContinuousClock()
                let ends = clock.now + streamLifetime
                try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                while clock.now < ends, !context.calls.isDraining {
                    let data = (try? encoder.encode(snapshot(context))) ?? Data("{}".utf8)
                    try await writer.write(ByteBuffer(string: "data: " + String(decoding: data, as: UTF8.self) + "\n\n"))
                    try await Task.sleep(for: interval)
                }
                try await writer.finish(nil)
            })
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func snapshot(_ context: ServerContext) -> Snapshot {
        let now = Date()
        let calls = context.calls.snapshot.map { call in
            AdminCall(id: call.id, transport: call.transport, caller: call.caller, state: call.state, intent: call.intent,
                      turns: call.turns, seconds: (now.timeIntervalSince(call.started) * 10).rounded() / 10)
        }
        let analytics = context.analytics
        let handoffs = analytics.store.flatMap { store -> [QueuedHandoff]? in
            guard let waiting = try? store.handoffs(status: "waiting", limit: 25), let taken = try? store.handoffs(status: "taken", limit: 25)
            else { return nil }
            return waiting + taken
        }
        let store = analytics.pipeline.map { pipeline in
            let status = pipeline.current
            return StoreStatus(reachable: status.storeReachable, queued: status.queued, spilled: status.spilled, dropped: status.dropped)
        }
        return Snapshot(at: Int64(now.timeIntervalSince1970 * 1000), calls: calls, draining: context.calls.isDraining,
                        live: analytics.live?.snapshot, alerts: analytics.alerts?.recent ?? [], handoffs: handoffs, store: store)
    }
}
