import Analytics

/// What the host knows of its calls beyond the live ones: the store (handoff queue, figures), the
/// pipeline into it, the Prometheus metrics and the alerts. Each part may be absent.
public struct ServerAnalytics: Sendable {
    public var store: AnalyticsStore?
    public var pipeline: EventPipeline?
    public var metrics: HostMetrics?
    public var alerts: AlertMonitor?
    /// The dashboard's figures since the host started.
    public var live: LiveView?

    public init(store: AnalyticsStore? = nil, pipeline: EventPipeline? = nil, metrics: HostMetrics? = nil, alerts: AlertMonitor? = nil,
                live: LiveView? = nil) {
        self.live = live
        self.store = store
        self.pipeline = pipeline
        self.metrics = metrics
        self.alerts = alerts
    }
}
