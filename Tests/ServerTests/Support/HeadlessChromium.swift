import Foundation
import HTTPClient
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Locks
import TestSupport

/// Debian's chromium, headless, driven over the DevTools protocol (a WebSocket): open a page,
/// evaluate JavaScript in it, take a screenshot. `make test` installs chromium.
final class HeadlessChromium: @unchecked Sendable {
    private let process: Process
    private let profile: URL
    let port: Int

    static func launch() throws -> HeadlessChromium {
        guard let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw TestFailure("chromium is not installed (`make test` installs Debian's chromium)")
        }
        let profile = try TestPaths.temporaryDirectory("chromium")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=\(profile.path)", "--window-size=1280,900", "about:blank"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Chromium writes the port it took into the profile.
        let portFile = profile.appendingPathComponent("DevToolsActivePort")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let line = text.split(separator: "\n").first, let port = Int(line) {
                return HeadlessChromium(process: process, profile: profile, port: port)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw TestFailure("chromium did not open its DevTools port within 30 s")
    }

    private init(process: Process, profile: URL, port: Int) {
        self.process = process
        self.profile = profile
        self.port = port
    }

    func close() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: profile)
    }

    /// A new tab on `url`; `body` drives it.
    func withPage<T: Sendable>(_ url: String, _ body: @escaping @Sendable (Page) async throws -> T) async throws -> T {
        let created = try await HTTPClient.send(HTTPRequest(method: "PUT", url: "http://127.0.0.1:\(port)/json/new?\(url)"))
        guard created.status == 200,
              let target = try JSONSerialization.jsonObject(with: created.body) as? [String: Any],
              let socket = target["webSocketDebuggerUrl"] as? String else {
            throw TestFailure("chromium did not open a tab: \(created.status) \(created.text)")
        }
        var logger = Logger(label: "chromium")
        logger.logLevel = .critical
        let result = Mutex<Result<T, any Error>?>(nil)
        try await WebSocketClient.connect(url: socket, configuration: .init(maxFrameSize: 64 << 20), logger: logger) { inbound, outbound, _ in
            let page = Page(outbound: outbound)
            let reader = Task {
                do {
                    for try await message in inbound.messages(maxSize: 64 << 20) {
                        guard case .text(let text) = message else { continue }
                        page.received(text)
                    }
                } catch {}
                page.closed()
            }
            do {
                let value = try await body(page)
                result.withLock { $0 = .success(value) }
            } catch {
                result.withLock { $0 = .failure(error) }
            }
            try? await outbound.close(.normalClosure, reason: nil)
            reader.cancel()
        }
        guard let outcome = result.withLock({ $0 }) else { throw TestFailure("the DevTools socket closed early") }
        return try outcome.get()
    }

    /// One tab: commands by id, answers matched to them.
    final class Page: Sendable {
        private let outbound: WebSocketOutboundWriter
        private let state = Mutex<(next: Int, answers: [Int: [String: Any]], closed: Bool)>((1, [:], false))

        init(outbound: WebSocketOutboundWriter) { self.outbound = outbound }

        func received(_ text: String) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let id = object["id"] as? Int else { return }
            nonisolated(unsafe) let answer = object
            state.withLock { $0.answers[id] = answer }
        }

        func closed() { state.withLock { $0.closed = true } }

        func send(_ method: String, _ params: [String: Any] = [:], timeout: Duration = .seconds(30)) async throws -> [String: Any] {
            let id = state.withLock { state in defer { state.next += 1 }; return state.next }
            let data = try JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": params])
            try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                let answer: [String: Any]? = state.withLock { state in
                    nonisolated(unsafe) let found = state.answers.removeValue(forKey: id)
                    return found
                }
                if let answer {
                    if let error = answer["error"] { throw TestFailure("\(method) failed: \(error)") }
                    return answer["result"] as? [String: Any] ?? [:]
                }
                if state.withLock({ $0.closed }) { throw TestFailure("the DevTools socket closed") }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw TestFailure("\(method) got no answer in \(timeout)")
        }

        /// The value of a JavaScript expression (awaited when it is a promise), as a string.
        func evaluate(_ expression: String) async throws -> String {
            let result = try await send("Runtime.evaluate", ["expression": "String(\(expression))", "returnByValue": true, "awaitPromise": true])
            guard let value = result["result"] as? [String: Any] else { throw TestFailure("no value for \(expression)") }
            if let exception = result["exceptionDetails"] { throw TestFailure("\(expression) threw: \(exception)") }
            return value["value"] as? String ?? ""
        }

        /// Waits until `expression` is true in the page.
        func wait(until expression: String, timeout: Duration = .seconds(20)) async throws -> Bool {
            let clock = ContinuousClock()
            let deadline = clock.now + timeout
            while clock.now < deadline {
                if (try? await evaluate(expression)) == "true" { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// A PNG of the page as it is.
        func screenshot() async throws -> Data {
            let result = try await send("Page.captureScreenshot", ["format": "png"])
            guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else { throw TestFailure("no screenshot") }
            return data
        }
    }
}
