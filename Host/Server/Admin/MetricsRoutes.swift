import Agent
import Analytics
import NIOCore
import PluginHost
import Hummingbird

/// `GET /metrics`: Prometheus's text format (behind the admin token, as `/admin` is: Prometheus
/// sends it as a bearer token). Gauges are read at scrape time: live calls by transport, plugin
/// generations, the analytics queue, spill and dropped events.
enum MetricsRoutes {
    static func add(to router: Router<SmartDeskRequestContext>, context: ServerContext) {
        let group = router.group("metrics").add(middleware: AdminAuthentication(token: context.configuration.adminToken))
        group.get { _, _ -> Response in
            guard let metrics = context.analytics.metrics else { return AdminRoutes.error(.notFound, "metrics are off on this host") }
            var byTransport: [String: Int] = ["twilio": 0, "text": 0, "audio": 0]
            for call in context.calls.snapshot { byTransport[call.transport, default: 0] += 1 }
            for (transport, count) in byTransport { metrics.set("smartdesk_live_calls", Double(count), labels: [("transport", transport)]) }
            for plugin in context.agent.plugins.registry.plugins {
                metrics.set("smartdesk_plugin_generation", Double(plugin.generation), labels: [("plugin", plugin.name)])
            }
            if let pipeline = context.analytics.pipeline {
                let status = pipeline.current
                metrics.set("smartdesk_analytics_queue_depth", Double(status.queued))
                metrics.set("smartdesk_analytics_spill_events", Double(status.spilled))
                metrics.set("smartdesk_analytics_spill_bytes", Double(status.spillBytes))
                metrics.set("smartdesk_analytics_dropped_events", Double(status.dropped))
                metrics.set("smartdesk_analytics_store_reachable", status.storeReachable ? 1 : 0)
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: .init(string: metrics.exposition())))
        }
    }
}
