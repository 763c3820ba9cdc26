import Foundation

/// The host's HTTP interface as an OpenAPI 3.1 document, served at `GET /openapi.json`: every
/// route the router has (a test compares the two), with its request, responses, errors and
/// authentication. The WebSocket routes are listed as the GET that upgrades; their messages are
/// in docs/protocols.md.
enum OpenAPIDocument {
    enum Auth {
        /// Anyone.
        case none
        /// `SMARTDESK_ADMIN_TOKEN` as a bearer token (or the dashboard's cookie); without a
        /// token configured, loopback clients only.
        case admin
        /// Twilio's `X-Twilio-Signature` when `SMARTDESK_TWILIO_AUTH_TOKEN` is set.
        case twilio
        /// The transport's secret (`SMARTDESK_TEXT_SECRET` / `SMARTDESK_AUDIO_SECRET`) for a
        /// caller ID to count; anonymous otherwise.
        case secret
    }

    struct Operation {
        var method: String
        /// OpenAPI style: `/admin/plugins/{name}/reload`.
        var path: String
        var summary: String
        var auth: Auth
        var parameters: [[String: Any]] = []
        var body: [String: Any]?
        var responses: [(code: Int, description: String, schema: [String: Any]?)]
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func pathParameter(_ name: String, _ description: String) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "description": description, "schema": ["type": "string"]]
    }
    static func queryParameter(_ name: String, _ description: String, _ schema: [String: Any] = ["type": "string"]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
    }
    static var refused: (Int, String, [String: Any]?) { (401, "the admin token is missing or wrong (token set), or the client is not on loopback (403)", ref("Result")) }
    static var forbidden: (Int, String, [String: Any]?) { (403, "no token configured and the client is not on loopback, or a cookie-authenticated change without X-SmartDesk-Dashboard: 1", ref("Result")) }

    static var operations: [Operation] { [
        Operation(method: "get", path: "/", summary: "A plain page linking the dashboard and /healthz.", auth: .none,
                  responses: [(200, "HTML", nil)]),
        Operation(method: "get", path: "/healthz", summary: "The process answers.", auth: .none,
                  responses: [(200, #"{"status":"ok"}"#, ["type": "object", "properties": ["status": ["type": "string"]]])]),
        Operation(method: "get", path: "/readyz", summary: "Whether the host should get calls: plugins indexed, not draining; degraded plugins are listed (status degraded, still 200).", auth: .none,
                  responses: [(200, "ready or degraded", ref("Ready")), (503, "not ready: draining, no skills, or the index failed", ref("Ready"))]),
        Operation(method: "get", path: "/openapi.json", summary: "This document.", auth: .none, responses: [(200, "OpenAPI 3.1", nil)]),
        Operation(method: "get", path: "/metrics", summary: "Prometheus text format: turns, latencies, live calls, plugins, analytics.", auth: .admin,
                  responses: [(200, "text/plain; version=0.0.4", nil), (404, "metrics are off on this host", ref("Result")), refused, forbidden]),
        Operation(method: "get", path: "/dashboard", summary: "The operator's dashboard page; with a token set, ?token= once (kept in an HttpOnly cookie).", auth: .admin,
                  parameters: [queryParameter("token", "the admin token, the first time")],
                  responses: [(200, "HTML", nil), (401, "no or wrong token", nil), forbidden]),
        Operation(method: "get", path: "/dashboard/events", summary: "Server-sent events: the dashboard's figures every second (for 5 minutes; the browser reconnects).", auth: .admin,
                  responses: [(200, "text/event-stream", nil), refused, forbidden]),
        Operation(method: "post", path: "/twilio/voice", summary: "Twilio's voice webhook: TwiML that connects the call's media stream (or says busy and hangs up).", auth: .twilio,
                  body: ["content": ["application/x-www-form-urlencoded": ["schema": ["type": "object", "properties": ["CallSid": ["type": "string"], "From": ["type": "string"], "To": ["type": "string"]]]]]],
                  responses: [(200, "TwiML (text/xml)", nil), (403, "the signature does not match", nil)]),
        Operation(method: "get", path: "/twilio/stream", summary: "WebSocket: Twilio's bidirectional media stream (docs/protocols.md); the start message carries a single-use session token.", auth: .twilio,
                  responses: [(101, "switching protocols", nil)]),
        Operation(method: "get", path: "/llm-websocket/{call_id}", summary: "WebSocket: the text-transcript protocol, one socket per call (docs/protocols.md). Close codes 4401 (secret needed), 4409 (call in use), 4410 (call ended), 4429 (busy).", auth: .secret,
                  parameters: [pathParameter("call_id", "the platform's call id"), queryParameter("secret", "the text protocol's secret (or Authorization: Bearer / X-SmartDesk-Secret)"), queryParameter("resume", "the resume token from the first config message (or X-SmartDesk-Resume): resumes a dropped call on a new socket")],
                  responses: [(101, "switching protocols", nil)]),
        Operation(method: "get", path: "/audio", summary: "WebSocket: a local audio call, 16 kHz PCM both ways, JSON control (docs/protocols.md). Close code 4401 when the audio secret is needed.", auth: .secret,
                  parameters: [queryParameter("caller", "the caller ID (believed only with the audio secret)"), queryParameter("secret", "the local audio secret")],
                  responses: [(101, "switching protocols", nil)]),
        Operation(method: "get", path: "/admin/calls", summary: "Live calls on this host, and whether it is draining.", auth: .admin,
                  responses: [(200, "the calls", ref("Calls")), refused, forbidden]),
        Operation(method: "get", path: "/admin/plugins", summary: "Loaded plugins: version, generation, health (healthy, or degraded and why), intents, tools.", auth: .admin,
                  responses: [(200, "the plugins", ref("Plugins")), refused, forbidden]),
        Operation(method: "post", path: "/admin/plugins/load", summary: "Load a plugin file. Without a token only files in the host's own plugin folders.", auth: .admin,
                  body: ["required": true, "content": ["application/json": ["schema": ["type": "object", "required": ["path"], "properties": ["path": ["type": "string", "description": "absolute path of the shared library"]]]]]],
                  responses: [(200, "loaded: the plugin and how long it took", ref("Result")), (400, "no path sent", ref("Result")),
                              (403, "no token configured and the file is outside the plugin folders", ref("Result")),
                              (422, "refused, with the reason (not a loadable shared library, cut short, ABI, a name in use, registrations)", ref("Result")), refused]),
        Operation(method: "post", path: "/admin/plugins/{name}/reload", summary: "Load a new generation from the plugin's file and swap it in; live calls finish on the old one.", auth: .admin,
                  parameters: [pathParameter("name", "a loaded plugin's name")],
                  responses: [(200, "reloaded", ref("Result")), (404, "no such plugin", ref("Result")), (422, "refused; the old generation keeps serving", ref("Result")), refused, forbidden]),
        Operation(method: "post", path: "/admin/plugins/{name}/unload", summary: "Unload a plugin (when its running turns end).", auth: .admin,
                  parameters: [pathParameter("name", "a loaded plugin's name")],
                  responses: [(200, "unloaded", ref("Result")), (404, "no such plugin", ref("Result")), (422, "refused (a permanent plugin)", ref("Result")), refused, forbidden]),
        Operation(method: "post", path: "/admin/tools/{name}", summary: "Call a tool with JSON arguments (checked against its schema); answers the tool's JSON.", auth: .admin,
                  parameters: [pathParameter("name", "the tool's name")],
                  body: ["content": ["application/json": ["schema": ["type": "object", "description": "the tool's arguments ({} when empty)"]]]],
                  responses: [(200, "the tool's JSON result", nil), (404, "no such tool", ref("Result")), (422, "invalid arguments, or the tool failed (the reason)", ref("Result")), refused, forbidden]),
        Operation(method: "get", path: "/admin/handoffs", summary: "This host's handoff log, newest first: summary, reason, outcome (transferred or callback).", auth: .admin,
                  responses: [(200, "the handoffs", ["type": "object", "properties": ["handoffs": ["type": "array", "items": ["type": "object"]]]]), refused, forbidden]),
        Operation(method: "get", path: "/admin/handoffs/queue", summary: "The handoff queue every host on the store shares.", auth: .admin,
                  parameters: [queryParameter("status", "waiting, taken or done", ["type": "string", "enum": ["waiting", "taken", "done"]])],
                  responses: [(200, "the queue", ["type": "object", "properties": ["handoffs": ["type": "array", "items": ref("QueuedHandoff")]]]),
                              (400, "an unknown status", ref("Result")), (404, "analytics are off", ref("Result")), (503, "the store cannot be read", ref("Result")), refused, forbidden]),
        Operation(method: "post", path: "/admin/handoffs/{id}/take", summary: "A person takes a waiting handoff (only one can).", auth: .admin,
                  parameters: [pathParameter("id", "the handoff's id")],
                  body: ["content": ["application/json": ["schema": ["type": "object", "properties": ["operator": ["type": "string"]]]]]],
                  responses: [(200, "taken", ref("QueuedHandoff")), (400, "a body without operator", ref("Result")), (404, "no such handoff, or analytics off", ref("Result")), (409, "already taken or done", ref("Result")), refused, forbidden]),
        Operation(method: "post", path: "/admin/handoffs/{id}/done", summary: "Mark a handoff done.", auth: .admin,
                  parameters: [pathParameter("id", "the handoff's id")],
                  responses: [(200, "done", ref("QueuedHandoff")), (404, "no such handoff, or analytics off", ref("Result")), (409, "in another state", ref("Result")), refused, forbidden]),
        Operation(method: "post", path: "/admin/handoffs/{id}/release", summary: "Put a taken handoff back in the queue.", auth: .admin,
                  parameters: [pathParameter("id", "the handoff's id")],
                  responses: [(200, "waiting again", ref("QueuedHandoff")), (404, "no such handoff, or analytics off", ref("Result")), (409, "in another state", ref("Result")), refused, forbidden]),
        Operation(method: "get", path: "/admin/alerts", summary: "Recent alerts (latency, errors, transfers, engine failures).", auth: .admin,
                  responses: [(200, "the alerts", ["type": "object", "properties": ["alerts": ["type": "array", "items": ["type": "object"]]]]), refused, forbidden]),
        Operation(method: "get", path: "/admin/report/daily", summary: "A day's figures from the store: calls, outcomes, paths, intents, clarifications, latency.", auth: .admin,
                  parameters: [queryParameter("date", "YYYY-MM-DD (default today)")],
                  responses: [(200, "the report", ["type": "object"]), (400, "a bad date", ref("Result")), (404, "analytics are off", ref("Result")), (503, "the store cannot be read", ref("Result")), refused, forbidden]),
        Operation(method: "get", path: "/admin/learned", summary: "Examples learned from confirmed clarifications.", auth: .admin,
                  responses: [(200, "the examples", ref("Learned")), refused, forbidden]),
        Operation(method: "delete", path: "/admin/learned", summary: "Forget a learned example.", auth: .admin,
                  body: ["required": true, "content": ["application/json": ["schema": ["type": "object", "required": ["intent", "text"], "properties": ["intent": ["type": "string"], "text": ["type": "string"]]]]]],
                  responses: [(200, "removed", ref("Result")), (400, "intent or text missing", ref("Result")), (404, "no such example", ref("Result")), (500, "could not be saved", ref("Result")), refused, forbidden]),
    ] }

    static var schemas: [String: Any] { [
        "Result": ["type": "object", "required": ["ok", "message"], "properties": [
            "ok": ["type": "boolean"], "message": ["type": "string", "description": "what was done, or why not"],
            "plugin": ref("Plugin"), "milliseconds": ["type": "number"],
        ]],
        "Plugin": ["type": "object", "properties": [
            "name": ["type": "string"], "version": ["type": "string"], "generation": ["type": "integer"],
            "health": ["type": "string", "description": "healthy, or degraded: <reason>"], "path": ["type": "string"],
            "intents": ["type": "array", "items": ["type": "string"]], "tools": ["type": "array", "items": ["type": "string"]],
            "isolation": ["type": "string", "enum": ["in-process", "process"]],
        ]],
        "Plugins": ["type": "object", "properties": ["plugins": ["type": "array", "items": ref("Plugin")]]],
        "Call": ["type": "object", "properties": [
            "id": ["type": "string"], "transport": ["type": "string", "enum": ["twilio", "text", "audio"]], "caller": ["type": ["string", "null"]],
            "state": ["type": "string"], "intent": ["type": ["string", "null"]], "turns": ["type": "integer"], "seconds": ["type": "number"],
        ]],
        "Calls": ["type": "object", "properties": ["calls": ["type": "array", "items": ref("Call")], "draining": ["type": "boolean"]]],
        "Learned": ["type": "object", "properties": ["examples": ["type": "array", "items": ["type": "object", "properties": [
            "intent": ["type": "string"], "text": ["type": "string"], "learned_at": ["type": "string", "format": "date-time"],
        ]]]]],
        "QueuedHandoff": ["type": "object", "description": "a handoff in the shared queue: id, call, caller, summary, status (waiting, taken, done), operator, times"],
        "Ready": ["type": "object", "properties": [
            "status": ["type": "string", "enum": ["ready", "degraded", "not ready"]], "live_calls": ["type": "integer"],
            "problems": ["type": "array", "items": ["type": "string"]],
        ]],
    ] }

    /// The document as JSON.
    static func json(version: String = "1") -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var entry: [String: Any] = ["summary": operation.summary]
            if !operation.parameters.isEmpty { entry["parameters"] = operation.parameters }
            if let body = operation.body { entry["requestBody"] = body }
            var responses: [String: Any] = [:]
            for response in operation.responses {
                var value: [String: Any] = ["description": response.description]
                if let schema = response.schema { value["content"] = ["application/json": ["schema": schema]] }
                responses[String(response.code)] = value
            }
            entry["responses"] = responses
            switch operation.auth {
            case .none: entry["security"] = [[String: Any]]()
            case .admin: entry["security"] = [["adminToken": [String]()]]
            case .twilio: entry["security"] = [["twilioSignature": [String]()]]
            case .secret: entry["security"] = [["transportSecret": [String]()], [String: Any]()]
            }
            paths[operation.path, default: [:]][operation.method] = entry
        }
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "SmartDesk host", "version": version,
                "description": "The admin API, health, metrics, the dashboard, Twilio's webhook and the WebSocket upgrades. Without SMARTDESK_ADMIN_TOKEN the admin routes answer loopback clients only.",
            ],
            "paths": paths,
            "components": [
                "schemas": schemas,
                "securitySchemes": [
                    "adminToken": ["type": "http", "scheme": "bearer", "description": "SMARTDESK_ADMIN_TOKEN; without one configured, loopback clients only"],
                    "twilioSignature": ["type": "apiKey", "in": "header", "name": "X-Twilio-Signature", "description": "checked when SMARTDESK_TWILIO_AUTH_TOKEN is set"],
                    "transportSecret": ["type": "http", "scheme": "bearer", "description": "SMARTDESK_TEXT_SECRET or SMARTDESK_AUDIO_SECRET (also X-SmartDesk-Secret or ?secret=): a caller ID counts only with it"],
                ],
            ],
        ]
        return (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }
}
