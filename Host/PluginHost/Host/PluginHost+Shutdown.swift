import Foundation
import Locks

extension PluginHost {
    /// Retires every plugin (permanent ones included: they get `sd_plugin_unload` but stay
    /// mapped) and refuses loads from now on. Each generation is unloaded when its running turns
    /// end; waits for that up to the longest deadline plus the lifecycle deadline, then returns
    /// (a generation whose handler never returns stays mapped, and the log says so).
    public func shutdown() async {
        let (registry, idle) = state.withLock { $0.shutDown() }
        observers.publish(registry)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            HostThread.start(name: "sd-shutdown") { [self] in
                for generation in idle {
                    shutDownGeneration(generation)
                }
                continuation.resume()
            }
        }
        let bound = max(configuration.handlerDeadline, configuration.toolDeadline) + configuration.lifecycleDeadline
        let clock = ContinuousClock()
        let end = clock.now + bound
        while state.withLock({ $0.hasRetiring }), clock.now < end {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let stuck = state.withLock { $0.statuses.filter { $0.state == .retiring } }
        for status in stuck {
            log(status.plugin, .error,
                "Shutdown: \(status.plugin) generation \(status.generation) still has \(status.turnsInFlight) running handlers; it unloads if they return")
        }
        // A mapped library does not need its file: the copies go, and their folder with them.
        CopyDirectory.remove(configuration.copyDirectory)
    }
}
