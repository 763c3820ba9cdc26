import Analytics
import Core
import Foundation
import HTTPClient
import HummingbirdWSClient
@testable import Server
import Testing
import TestSupport

/// The dashboard in a real headless browser (Debian's chromium over the DevTools protocol): the
/// page loads with the admin token, its live numbers change while a scripted call runs, the call's
/// handoff appears in the queue and is taken from the page, and a screenshot is written.
@Suite(.serialized) struct DashboardTests {
    @Test func theDashboardFollowsACallAndTakesItsHandoff() async throws {
        let location = StoreLocation.sqlite(path: try TestPaths.temporaryDirectory("dashboard").appendingPathComponent("a.db").path)
        let pipeline = try SharedStoreOverTheWireTests.pipeline(location, "dashboard")
        let live = LiveView()
        let store = AnalyticsStore(location: location)
        let host = try await ServerHarness.start(
            events: EventFanout([pipeline, live]), analytics: ServerAnalytics(store: store, pipeline: pipeline, live: live), hostName: "desk-d"
        ) {
            $0.adminToken = "let-me-see"
            $0.transferNumber = "+15557654321"
        }
        // Without the token the page says how to get in; the stream refuses.
        #expect(try await host.get("/dashboard").status == 401)
        #expect(try await host.get("/dashboard/events").status == 401)

        // The browser is heavy: it never runs beside the real-time voice calls (RealTimeGate).
        let screenshot = try await RealTimeGate.shared.run {
            let browser = try HeadlessChromium.launch()
            defer { browser.close() }
            return try await browser.withPage("\(host.url)/dashboard?token=let-me-see") { page in
                #expect(try await page.wait(until: "Number(document.body.dataset.updates || 0) >= 1"))
                #expect(try await page.evaluate("document.getElementById('turns').textContent") == "0")

                // A scripted call on the text protocol, while the page watches.
                let platform = TextProtocolTests.Platform()
                try await platform.run(host, callID: "call_dashboard") { outbound, platform in
                    #expect(await platform.wait { $0.complete(0) != nil })
                    #expect(try await page.wait(until: "document.getElementById('live-calls').textContent === '1'"))
                    try await outbound.write(.text(TextProtocolTests.responseRequired(1, [("user", "what's my balance")])))
                    #expect(await platform.wait { $0.complete(1) != nil })
                    #expect(try await page.wait(until: "document.getElementById('turns').textContent === '1'"))
                    #expect(try await page.evaluate("document.getElementById('intents').textContent").contains("billing.balance"))
                    try await outbound.write(.text(TextProtocolTests.responseRequired(2, [
                        ("user", "what's my balance"), ("agent", platform.text(1)), ("user", "can I speak to a real person please"),
                    ])))
                    #expect(await platform.wait { $0.complete(2) != nil })
                }
                // The handoff is in the queue; an operator takes it from the page.
                #expect(try await page.wait(until: "document.querySelector('#handoffs button[data-action=take]') !== null"))
                _ = try await page.evaluate("(() => { const o = document.getElementById('operator'); o.value = 'sam'; o.dispatchEvent(new Event('change')); document.querySelector('#handoffs button[data-action=take]').click(); return true })()")
                #expect(try await page.wait(until: "document.getElementById('handoffs').textContent.includes('sam')"))
                #expect(try await page.evaluate("document.getElementById('escalations').textContent") == "1")
                return try await page.screenshot()
            }
        }
        let taken = try store.handoffs(status: "taken")
        #expect(taken.map(\.operator) == ["sam"])
        // A change with the cookie alone but without the dashboard's header is refused (no CSRF).
        let forged = try await HTTPClient.send(HTTPRequest(method: "POST", url: "\(host.url)/admin/handoffs/\(taken.first?.id ?? "x")/done",
                                                           headers: [("Cookie", "smartdesk_admin=let-me-see")], body: Data("{}".utf8)))
        #expect(forged.status == 403)

        let folder = TestPaths.root.appendingPathComponent(".build/test-artifacts", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("dashboard.png")
        try screenshot.write(to: file)
        #expect(screenshot.count > 10_000)
        #expect(screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        await host.close()
        pipeline.stop()
        store.close()
    }
}
