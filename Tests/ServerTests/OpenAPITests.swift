import Foundation
import HTTPClient
@testable import Server
import Testing

/// `/openapi.json` against the real routes: every route the router has is documented, nothing
/// documented is missing, and each documented admin route answers with a status it documents.
@Suite(.serialized) struct OpenAPITests {
    static func operations(_ document: [String: Any]) -> [(method: String, path: String, codes: Set<Int>)] {
        let paths = document["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, methods in
            methods.map { method, operation in
                let responses = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                return (method.uppercased(), path, Set(responses.keys.compactMap(Int.init)))
            }
        }
    }

    @Test func theDocumentListsExactlyTheRoutesTheHostServes() async throws {
        let harness = try await ServerHarness.start { $0.adminToken = "adm1n" }
        let response = try await HTTPClient.send(HTTPRequest(url: harness.url + "/openapi.json"))
        #expect(response.status == 200)
        let document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let documented = Set(Self.operations(document).map { "\($0.method) \($0.path)" })
        let served = Set(SmartDeskServer.routeList(context: harness.context))
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
        await harness.close()
    }

    @Test func eachAdminRouteAnswersWithAStatusItDocuments() async throws {
        let harness = try await ServerHarness.start { $0.adminToken = "adm1n" }
        let response = try await HTTPClient.send(HTTPRequest(url: harness.url + "/openapi.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let operations = Self.operations(document).filter { $0.path.hasPrefix("/admin") || $0.path == "/metrics" || $0.path.hasSuffix("z") }
        #expect(operations.count >= 18)
        for operation in operations.sorted(by: { "\($0.method) \($0.path)" < "\($1.method) \($1.path)" }) {
            // Path parameters name nothing that exists: the documented "not found" answers.
            let path = operation.path.replacingOccurrences(of: #"\{[a-z_]+\}"#, with: "nosuch", options: .regularExpression)
            let body: Data? = operation.method == "GET" ? nil : Data("{}".utf8)
            for token in ["adm1n", nil] as [String?] {
                var headers = [("Content-Type", "application/json")]
                if let token { headers.append(("Authorization", "Bearer \(token)")) }
                let answer = try await HTTPClient.send(HTTPRequest(method: operation.method, url: harness.url + path, headers: headers, body: body))
                #expect(operation.codes.contains(Int(answer.status)), "\(operation.method) \(path) answered \(answer.status) (token: \(token != nil)); documented \(operation.codes.sorted())")
            }
        }
        await harness.close()
    }
}
