import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Locks

/// A local stand-in for Twilio's REST API: it records each call update and answers as Twilio
/// does (200 with a JSON body, or the status a test asks for).
final class FakeTwilioAPI: Sendable {
    struct Update: Sendable {
        var path: String
        var authorization: String?
        var form: [String: String]
    }

    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }

    func answer(with code: Int) { box.status.withLock { $0 = code } }

    private init(group: ServiceGroup, running: Task<Void, any Error>, port: Int, box: Box) {
        self.group = group
        self.running = running
        self.port = port
        self.box = box
    }

    private let box: Box
    final class Box: Sendable {
        let updates = Mutex<[Update]>([])
        let status = Mutex<Int>(200)
    }

    static func start() async throws -> FakeTwilioAPI {
        let box = Box()
        let router = Router()
        router.post("/2010-04-01/Accounts/:account/Calls/:call") { request, _ -> Response in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 16))
            var form: [String: String] = [:]
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0) }
                form[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            box.updates.withLock { $0.append(Update(path: request.uri.path, authorization: request.headers[.authorization], form: form)) }
            let code = box.status.withLock { $0 }
            let json = code == 200 ? #"{"sid":"CA1","status":"in-progress"}"# : #"{"code":20404,"message":"not found","status":404}"#
            return Response(status: .init(code: code), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        var logger = Logger(label: "fake-twilio")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let running = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return FakeTwilioAPI(group: group, running: running, port: port, box: box)
    }

    var updatesReceived: [Update] { box.updates.withLock { $0 } }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }
}
