import PluginHost
@testable import Server
import Testing

/// `/readyz`'s answer from what the host knows.
struct ReadinessTests {
    static func plugin(_ name: String, _ health: PluginHealth) -> PluginInfo {
        PluginInfo(
            name: name, version: "1.0.0", description: "", path: "/p/lib\(name).so", generation: 1, permanent: false, keepMapped: false,
            health: health, intentNames: [], toolNames: []
        )
    }

    @Test("a degraded plugin is listed with its reason; the host still takes calls")
    func aDegradedPluginIsListed() {
        let answer = HealthRoutes.readiness(
            problems: [], plugins: [Self.plugin("billing", .healthy), Self.plugin("pharmacy", .degraded(reason: "tool refill did not return within 2 s"))],
            liveCalls: 3
        )
        #expect(answer.ready)
        #expect(answer.body == #"{"status":"degraded","live_calls":3,"problems":["plugin pharmacy degraded: tool refill did not return within 2 s"]}"#)
    }

    @Test func problemsMakeItNotReady() {
        let answer = HealthRoutes.readiness(problems: ["draining: no new calls"], plugins: [Self.plugin("billing", .healthy)], liveCalls: 0)
        #expect(!answer.ready)
        #expect(answer.body == #"{"status":"not ready","live_calls":0,"problems":["draining: no new calls"]}"#)
        #expect(HealthRoutes.readiness(problems: [], plugins: [], liveCalls: 0).body == #"{"status":"ready","live_calls":0,"problems":[]}"#)
    }
}
