import Analytics
import Foundation
import Hummingbird
import Logging

/// `/admin/handoffs/queue` and `/admin/report/daily`: what every host on one store shares — the
/// handoff queue (a person takes a waiting handoff, then marks it done; only one can take it) and
/// the day's figures.
enum AdminQueueRoutes {
    struct Queue: Codable, Sendable {
        var handoffs: [QueuedHandoff]
    }

    struct Alerts: Codable, Sendable {
        var alerts: [Alert]
    }

    struct Take: Codable {
        var `operator`: String?
    }

    static func add(to admin: RouterGroup<SmartDeskRequestContext>, context: ServerContext) {
        admin.get("handoffs/queue") { request, _ -> Response in
            guard let store = context.store else { return AdminRoutes.error(.notFound, "analytics are off on this host (no store)") }
            let status = request.uri.queryParameters.get("status")
            if let status, !AnalyticsStore.handoffStatuses.contains(status) {
                return AdminRoutes.error(.badRequest, "status must be waiting, taken or done")
            }
            do {
                return try AdminRoutes.json(Queue(handoffs: try store.handoffs(status: status)))
            } catch {
                return AdminRoutes.error(.serviceUnavailable, "the analytics store cannot be read: \(error)")
            }
        }

        for status in ["take": "taken", "done": "done", "release": "waiting"] {
            admin.post("handoffs/:id/\(status.key)") { request, requestContext -> Response in
                guard let store = context.store else { return AdminRoutes.error(.notFound, "analytics are off on this host (no store)") }
                let id = try requestContext.parameters.require("id")
                var request = request
                let body = try await request.collectBody(upTo: 4 * 1024)
                let person = body.readableBytes == 0 ? nil : (try? JSONDecoder().decode(Take.self, from: Data(body.readableBytesView)))?.operator
                if body.readableBytes > 0, person == nil, status.key == "take" {
                    return AdminRoutes.error(.badRequest, #"send {"operator": "your name"}"#)
                }
                do {
                    switch try store.change(handoff: id, to: status.value, operator: person?.trimmingCharacters(in: .whitespaces)) {
                    case .changed(let handoff):
                        context.logger.info("admin: handoff \(id) \(status.value) by \(person ?? "someone")")
                        return try AdminRoutes.json(handoff)
                    case .notFound:
                        return AdminRoutes.error(.notFound, "no handoff \(id)")
                    case .conflict(let handoff):
                        return AdminRoutes.error(.conflict, "handoff \(id) is \(handoff.status)\(handoff.operator.map { " by \($0)" } ?? "")")
                    }
                } catch {
                    return AdminRoutes.error(.serviceUnavailable, "the analytics store cannot be changed: \(error)")
                }
            }
        }

        admin.get("alerts") { _, _ -> Response in
            try AdminRoutes.json(Alerts(alerts: context.analytics.alerts?.recent ?? []))
        }

        admin.get("report/daily") { request, _ -> Response in
            guard let store = context.store else { return AdminRoutes.error(.notFound, "analytics are off on this host (no store)") }
            let date = request.uri.queryParameters.get("date") ?? DailyReport.today()
            guard DailyReport.dayRange(date) != nil else { return AdminRoutes.error(.badRequest, "date must be YYYY-MM-DD") }
            do {
                return try AdminRoutes.json(try store.dailyReport(date: date))
            } catch {
                return AdminRoutes.error(.serviceUnavailable, "the analytics store cannot be read: \(error)")
            }
        }
    }
}
