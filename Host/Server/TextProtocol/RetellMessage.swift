import Core
import Foundation

/// A message from a Retell-style voice platform on the custom-LLM socket: it does the speech and
/// sends the transcript; the host answers with text. Decoded leniently.
public enum RetellInbound: Sendable, Equatable {
    case pingPong(timestamp: Int64)
    case callDetails(RetellCallDetails)
    case updateOnly(transcript: [RetellUtterance])
    case responseRequired(responseID: Int64, transcript: [RetellUtterance])
    case reminderRequired(responseID: Int64, transcript: [RetellUtterance])
    case unknown(String)

    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public static func decode(_ text: String) throws(DecodingError) -> RetellInbound {
        guard let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DecodingError(description: "not a JSON object")
        }
        guard let type = object["interaction_type"] as? String else { throw DecodingError(description: "no interaction_type") }
        switch type {
        case "ping_pong":
            return .pingPong(timestamp: TwilioInbound.integer(object["timestamp"]) ?? 0)
        case "call_details":
            let call = object["call"] as? [String: Any] ?? [:]
            return .callDetails(RetellCallDetails(
                callID: call["call_id"] as? String, from: call["from_number"] as? String, to: call["to_number"] as? String
            ))
        case "update_only":
            return .updateOnly(transcript: transcript(object["transcript"]))
        case "response_required", "reminder_required":
            guard let id = TwilioInbound.integer(object["response_id"]) else { throw DecodingError(description: "\(type) without a response_id") }
            let utterances = transcript(object["transcript"])
            return type == "response_required"
                ? .responseRequired(responseID: id, transcript: utterances) : .reminderRequired(responseID: id, transcript: utterances)
        default:
            return .unknown(type)
        }
    }

    static func transcript(_ value: Any?) -> [RetellUtterance] {
        (value as? [[String: Any]] ?? []).compactMap { entry in
            guard let role = entry["role"] as? String, let content = entry["content"] as? String else { return nil }
            return RetellUtterance(role: role, content: content)
        }
    }
}

public struct RetellCallDetails: Sendable, Equatable {
    public var callID: String?
    public var from: String?
    public var to: String?
}

/// One entry of the platform's transcript: `agent` entries hold what was actually spoken.
public struct RetellUtterance: Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// Messages the host sends on the custom-LLM socket.
public enum RetellOutbound {
    /// The first message on every socket; `resume_token` (a SmartDesk addition other platforms
    /// ignore) is what a client presents to resume this call on a new socket.
    public static func config(resumeToken: String) -> String {
        #"{"response_type":"config","config":{"auto_reconnect":true,"call_details":true},"resume_token":"\#(resumeToken)"}"#
    }

    /// The agent speaks unprompted (here: a goodbye when the host shuts down), and may end the call.
    public static func agentInterrupt(id: Int, content: String, endCall: Bool) -> String {
        #"{"response_type":"agent_interrupt","interrupt_id":\#(id),"content":"\#(JSONString.escaped(content))","content_complete":true,"no_interruption_allowed":true,"end_call":\#(endCall)}"#
    }

    public static func pingPong(_ timestamp: Int64) -> String {
        #"{"response_type":"ping_pong","timestamp":\#(timestamp)}"#
    }

    /// One piece of a response; the last has `complete` and may end or transfer the call.
    public static func response(
        id: Int64, content: String, complete: Bool, endCall: Bool = false, transferNumber: String? = nil
    ) -> String {
        var json = #"{"response_type":"response","response_id":\#(id),"content":"\#(JSONString.escaped(content))","content_complete":\#(complete)"#
        if complete {
            json += #","end_call":\#(endCall)"#
            json += transferNumber.map { #","transfer_number":"\#(JSONString.escaped($0))""# } ?? #","transfer_number":null"#
        }
        return json + "}"
    }
}
