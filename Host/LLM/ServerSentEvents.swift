/// One server-sent event: its `event:` name (nil when none was given) and its data, the `data:`
/// lines joined with newlines.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String

    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}

/// Decodes a `text/event-stream` body fed in pieces split anywhere, even inside a UTF-8
/// character or between the CR and LF of a line end (the WHATWG event-stream rules the OpenAI
/// clients follow): `field: value` lines, one optional space after the colon, lines starting with
/// `:` ignored (comments, keep-alives), an event dispatched at a blank line, several `data:` lines
/// joined with `\n`, an event with no data dropped.
///
/// ```swift
/// var decoder = ServerSentEventDecoder()
/// decoder.feed(Array("data: {\"a\"".utf8))          // []
/// decoder.feed(Array(":1}\n\n".utf8))               // [ServerSentEvent(data: "{\"a\":1}")]
/// ```
public struct ServerSentEventDecoder: Sendable {
    /// A line longer than this (a runaway stream) is an error rather than unbounded memory.
    public static let maximumLineBytes = 4 * 1024 * 1024

    private var line: [UInt8] = []
    private var lastWasCR = false
    private var eventName: String?
    private var dataLines: [String] = []

    public init() {}

    /// Feeds the next bytes; returns the events they completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SSEError) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == UInt8(ascii: "\n") { continue }  // the LF of a CRLF
            }
            switch byte {
            case UInt8(ascii: "\n"):
                if let event = endLine() { events.append(event) }
            case UInt8(ascii: "\r"):
                lastWasCR = true
                if let event = endLine() { events.append(event) }
            default:
                guard line.count < Self.maximumLineBytes else {
                    throw SSEError("an event-stream line is longer than \(Self.maximumLineBytes) bytes")
                }
                line.append(byte)
            }
        }
        return events
    }

    /// The stream ended: an event still open is dispatched (servers that omit the last blank line).
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty { _ = endLine() }
        return dispatch()
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        guard !line.isEmpty else { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }
        let text = String(decoding: line, as: UTF8.self)
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "data": dataLines.append(String(value))
        case "event": eventName = String(value)
        default: break  // id, retry and unknown fields mean nothing to a completion stream
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            dataLines.removeAll()
            eventName = nil
        }
        guard !dataLines.isEmpty else { return nil }
        return ServerSentEvent(event: eventName, data: dataLines.joined(separator: "\n"))
    }
}

public struct SSEError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
