import Core

/// One event to several sinks, in order: the store's pipeline, the metrics, the alerts, the
/// dashboard's live view. Each sink returns at once.
public struct EventFanout: CallEventSink {
    public let sinks: [any CallEventSink]

    public init(_ sinks: [any CallEventSink]) {
        self.sinks = sinks
    }

    public func record(_ event: CallEvent) {
        for sink in sinks { sink.record(event) }
    }
}
