import Core
import Foundation

/// A message from Twilio on a media stream, decoded leniently: numbers may come as strings,
/// unknown fields are ignored, unknown events kept by name (Twilio adds fields without notice).
public enum TwilioInbound: Sendable, Equatable {
    case connected(protocol: String?, version: String?)
    case start(TwilioStart)
    case media(payload: String, streamSid: String?, chunk: Int64?, timestamp: Int64?, track: String?)
    case dtmf(digit: String, streamSid: String?)
    case mark(name: String, streamSid: String?)
    case stop(streamSid: String?)
    case unknown(event: String)

    /// Why a text frame is not a message.
    public struct DecodingError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Decodes one text frame.
    public static func decode(_ text: String) throws(DecodingError) -> TwilioInbound {
        guard let data = text.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw DecodingError(description: "not a JSON object")
        }
        guard let event = object["event"] as? String else { throw DecodingError(description: "no \"event\" field") }
        let streamSid = object["streamSid"] as? String
        switch event {
        case "connected":
            return .connected(protocol: object["protocol"] as? String, version: object["version"] as? String)
        case "start":
            guard let start = object["start"] as? [String: Any] else { throw DecodingError(description: "start without a \"start\" object") }
            guard let sid = (start["streamSid"] as? String) ?? streamSid, !sid.isEmpty else {
                throw DecodingError(description: "start without a streamSid")
            }
            let format = start["mediaFormat"] as? [String: Any]
            var parameters: [String: String] = [:]
            for (key, value) in start["customParameters"] as? [String: Any] ?? [:] {
                if let value = value as? String { parameters[key] = value } else { parameters[key] = "\(value)" }
            }
            return .start(TwilioStart(
                streamSid: sid, callSid: start["callSid"] as? String, accountSid: start["accountSid"] as? String,
                encoding: format?["encoding"] as? String, sampleRate: integer(format?["sampleRate"]).map(Int.init),
                channels: integer(format?["channels"]).map(Int.init), customParameters: parameters
            ))
        case "media":
            guard let media = object["media"] as? [String: Any], let payload = media["payload"] as? String else {
                throw DecodingError(description: "media without a payload")
            }
            return .media(payload: payload, streamSid: streamSid, chunk: integer(media["chunk"]),
                          timestamp: integer(media["timestamp"]), track: media["track"] as? String)
        case "dtmf":
            guard let dtmf = object["dtmf"] as? [String: Any], let digit = dtmf["digit"] as? String else {
                throw DecodingError(description: "dtmf without a digit")
            }
            return .dtmf(digit: digit, streamSid: streamSid)
        case "mark":
            guard let mark = object["mark"] as? [String: Any], let name = mark["name"] as? String else {
                throw DecodingError(description: "mark without a name")
            }
            return .mark(name: name, streamSid: streamSid)
        case "stop":
            return .stop(streamSid: streamSid)
        default:
            return .unknown(event: event)
        }
    }

    /// An integer sent as a number or as a string of digits.
    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let number as NSNumber: number.int64Value
        case let text as String: Int64(text)
        default: nil
        }
    }
}

/// The `start` message: which stream and call, the audio format and the TwiML's parameters.
public struct TwilioStart: Sendable, Equatable {
    public var streamSid: String
    public var callSid: String?
    public var accountSid: String?
    public var encoding: String?
    public var sampleRate: Int?
    public var channels: Int?
    public var customParameters: [String: String]

    public init(
        streamSid: String, callSid: String? = nil, accountSid: String? = nil, encoding: String? = "audio/x-mulaw",
        sampleRate: Int? = 8_000, channels: Int? = 1, customParameters: [String: String] = [:]
    ) {
        self.streamSid = streamSid
        self.callSid = callSid
        self.accountSid = accountSid
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.customParameters = customParameters
    }
}

/// Messages the host sends on a media stream.
public enum TwilioOutbound {
    /// μ-law audio for the caller (whole 20 ms frames).
    public static func media(streamSid: String, muLaw: [UInt8]) -> String {
        #"{"event":"media","streamSid":"\#(JSONString.escaped(streamSid))","media":{"payload":"\#(Data(muLaw).base64EncodedString())"}}"#
    }

    public static func mark(streamSid: String, name: String) -> String {
        #"{"event":"mark","streamSid":"\#(JSONString.escaped(streamSid))","mark":{"name":"\#(JSONString.escaped(name))"}}"#
    }

    public static func clear(streamSid: String) -> String {
        #"{"event":"clear","streamSid":"\#(JSONString.escaped(streamSid))"}"#
    }
}
