import Agent
import Core
import Foundation
import Voice

/// The life of one local audio socket (`WS /audio`), as a value: frames in, actions out; and the
/// messages the client gets for each event of the call. No I/O.
///
/// Binary frames are 16-bit little-endian PCM and may split a sample between frames (the odd
/// byte waits for the next frame). Control messages are JSON: `mark`, `dtmf`, `stop`. Anything
/// else is dropped with a reason, logged once per kind, then counted; the call goes on.
struct LocalAudioSession: Sendable {
    enum Action: Sendable, Equatable {
        /// Caller audio at 16 kHz.
        case audio([Int16])
        case dtmf(Character)
        case markEchoed(String)
        /// The client is done: end the call.
        case stop
        /// Something odd, worth a log line (first of its kind only).
        case log(String)
    }

    /// What to send the client.
    enum Outbound: Sendable, Equatable {
        case binary([Int16])
        case text(String)
    }

    private var oddByte: UInt8?
    private(set) var stopped = false
    /// Messages dropped, by reason.
    private(set) var dropped: [String: Int] = [:]

    /// A binary frame arrived.
    mutating func receive(binary bytes: some Collection<UInt8>) -> [Action] {
        guard !stopped else { return drop("audio after stop") }
        var data = [UInt8]()
        data.reserveCapacity(bytes.count + 1)
        if let oddByte { data.append(oddByte) }
        data.append(contentsOf: bytes)
        oddByte = data.count % 2 == 1 ? data.removeLast() : nil
        guard !data.isEmpty else { return [] }
        var samples = [Int16](repeating: 0, count: data.count / 2)
        for index in samples.indices {
            samples[index] = Int16(bitPattern: UInt16(data[2 * index]) | UInt16(data[2 * index + 1]) << 8)
        }
        return [.audio(samples)]
    }

    /// A text frame arrived.
    mutating func receive(text: String) -> [Action] {
        guard !stopped else { return drop("message after stop") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let type = object["type"] as? String else {
            return drop("an invalid control message")
        }
        switch type {
        case "mark":
            guard let name = object["name"] as? String else { return drop("a mark without a name") }
            return [.markEchoed(name)]
        case "dtmf":
            guard let digit = object["digit"] as? String, digit.count == 1, let key = digit.first,
                  DTMFCollector.keys.contains(key) else { return drop("dtmf with an invalid digit") }
            return [.dtmf(key)]
        case "stop":
            stopped = true
            return [.stop]
        default:
            return drop("an unknown control message \"\(String(type.prefix(40)))\"")
        }
    }

    private mutating func drop(_ reason: String) -> [Action] {
        dropped[reason, default: 0] += 1
        return dropped[reason] == 1 ? [.log("dropped: \(reason) on /audio")] : []
    }

    // MARK: Host → client

    static func ready(callID: String, sampleRate: Int) -> String {
        #"{"type":"ready","call_id":"\#(JSONString.escaped(callID))","sample_rate":\#(sampleRate)}"#
    }

    static func end(reason: String) -> String {
        #"{"type":"end","reason":"\#(JSONString.escaped(reason))"}"#
    }

    /// The client's messages for one event of the call (audio, its mark, a clear, transcripts,
    /// the end); events for the host alone give none.
    static func outbound(for event: VoiceCallEvent) -> [Outbound] {
        switch event {
        case .audio(let samples, let mark):
            return [.binary(samples), .text(#"{"type":"mark","name":"\#(JSONString.escaped(mark))"}"#)]
        case .clear:
            return [.text(#"{"type":"clear"}"#)]
        case .heard(let utterance):
            return [.text(transcript(role: "caller", utterance.text))]
        case .replied(let report):
            let text = report.replies.joined(separator: " ")
            return text.isEmpty ? [] : [.text(transcript(role: "agent", text))]
        case .hangUp(let reason):
            return [.text(end(reason: reason))]
        case .transfer, .engineFailed, .interrupted, .ignored, .firstAudio, .replyComplete:
            return []
        }
    }

    private static func transcript(role: String, _ text: String) -> String {
        #"{"type":"transcript","role":"\#(role)","text":"\#(JSONString.escaped(text))"}"#
    }
}
