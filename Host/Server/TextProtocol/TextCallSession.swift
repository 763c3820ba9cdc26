import Agent
import Core
import Foundation
import Logging

/// The text protocol's call, as a value: the platform's messages and the agent's reports in,
/// actions out. No I/O; `TextCall` (the actor) performs the actions.
///
/// - A newer `response_required` supersedes an older one, even mid-stream: the rest of the old
///   response is dropped (`isCurrent`), and a stale one is ignored.
/// - The greeting is the reply to response id 0, and is dropped when the caller spoke first.
/// - The platform's transcript says what the caller heard: an agent turn shorter than the reply
///   sent (the caller talked over it) becomes an interruption, and memory keeps only that.
/// - `call_details` sets the caller ID only before the call starts and only from a connection that
///   presented the protocol's secret.
struct TextCallSession: Sendable {
    enum Action: Sendable, Equatable {
        /// Send a protocol message now.
        case send(String)
        /// Send a message of `responseID`'s answer, unless a newer response superseded it (then
        /// the rest of this batch is dropped too).
        case stream(responseID: Int64, String)
        /// Start the call (if it has not) and greet, unless the caller spoke first.
        case greet
        /// Stop waiting for call details before greeting.
        case cancelGreeting
        /// Run the agent on the caller's words and answer `responseID`.
        case respond(responseID: Int64, said: String)
        /// The caller heard only `heard` of `turn`'s replies.
        case interrupted(turn: Int, heard: String)
        /// Record a handoff (`transferred` to a number, or a callback).
        case handoff(HandoffRecord, transferredTo: String?)
        /// The call is over.
        case end(reason: String)
        case log(Logger.Level, String)
    }

    let wording: CallWording
    /// Where transfers go (`nil`: nobody; a transfer becomes a callback).
    let transferNumber: String?
    private(set) var caller: String?
    private(set) var latestResponseID: Int64 = -1
    private(set) var started = false
    private var lastReply: (turn: Int, texts: [String])?

    init(wording: CallWording, transferNumber: String?) {
        self.wording = wording
        self.transferNumber = transferNumber
    }

    /// True while `responseID`'s answer may still be sent.
    func isCurrent(_ responseID: Int64) -> Bool {
        responseID == latestResponseID || responseID == 0 && latestResponseID < 0
    }

    /// A message arrived on a socket that did (`trusted`) or did not present the secret.
    mutating func receive(_ message: RetellInbound, trusted: Bool) -> [Action] {
        switch message {
        case .pingPong(let timestamp):
            return [.send(RetellOutbound.pingPong(timestamp))]
        case .callDetails(let details):
            var actions: [Action] = []
            if !started, trusted {
                caller = details.from
            } else if !started, details.from != nil {
                actions.append(.log(.notice, "caller ID ignored: the connection did not present the text protocol's secret (SMARTDESK_TEXT_SECRET)"))
            }
            return actions + [.cancelGreeting, greet()]
        case .updateOnly(let transcript):
            return noteHeard(transcript)
        case .responseRequired(let responseID, let transcript):
            guard responseID > latestResponseID else {
                return [.log(.debug, "dropped a stale response_required (\(responseID) ≤ \(latestResponseID))")]
            }
            latestResponseID = responseID
            started = true
            let said = transcript.last { $0.role == "user" }?.content ?? ""
            return [.cancelGreeting] + noteHeard(transcript) + [.respond(responseID: responseID, said: said)]
        case .reminderRequired(let responseID, _):
            guard responseID >= latestResponseID else { return [] }
            latestResponseID = responseID
            return [.send(RetellOutbound.response(id: responseID, content: wording.stillThere, complete: true))]
        case .unknown(let type):
            return [.log(.debug, "ignored interaction_type \(type)")]
        }
    }

    /// Time to greet (call details came, or the wait for them is over).
    mutating func greet() -> Action {
        started = true
        return .greet
    }

    /// The call-start hooks answered: the greeting goes out as response 0 unless the caller
    /// already spoke.
    mutating func greeted(_ report: TurnReport) -> [Action] {
        lastReply = (report.turn, report.replies)
        guard latestResponseID < 0 else { return [] }
        return answer(report, responseID: 0)
    }

    /// The agent answered `responseID`.
    mutating func replied(_ report: TurnReport, responseID: Int64) -> [Action] {
        lastReply = (report.turn, report.replies)
        return answer(report, responseID: responseID)
    }

    /// The answer sentence by sentence, then the closing message; a transfer goes to the
    /// configured number, or becomes a callback promise and the end of the call.
    private func answer(_ report: TurnReport, responseID: Int64) -> [Action] {
        var actions = report.replies.flatMap { SentenceChunker.split($0) }.map {
            Action.stream(responseID: responseID, RetellOutbound.response(id: responseID, content: $0 + " ", complete: false))
        }
        var endCall = report.ended
        var number: String?
        if let record = report.transfer {
            number = transferNumber
            actions.append(.handoff(record, transferredTo: number))
            if number == nil {
                actions.append(.stream(responseID: responseID, RetellOutbound.response(id: responseID, content: wording.nobodyToTransfer, complete: false)))
                endCall = true
            }
        }
        actions.append(.stream(responseID: responseID, RetellOutbound.response(id: responseID, content: "", complete: true, endCall: endCall, transferNumber: number)))
        if endCall || number != nil { actions.append(.end(reason: endCall ? "the conversation ended" : "transferred")) }
        return actions
    }

    /// The transcript's agent turns are what was spoken: a reply cut short is cut in memory.
    private mutating func noteHeard(_ transcript: [RetellUtterance]) -> [Action] {
        guard started, let lastReply, let lastUser = transcript.lastIndex(where: { $0.role == "user" }) else { return [] }
        let spokenBefore = transcript[..<lastUser].last { $0.role == "agent" }?.content ?? ""
        let normalize = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let sent = normalize(lastReply.texts.joined(separator: " "))
        let heard = normalize(spokenBefore)
        guard !sent.isEmpty, heard != sent, sent.hasPrefix(heard) else { return [] }
        self.lastReply = nil
        return [.interrupted(turn: lastReply.turn, heard: heard), .log(.info, "the caller heard only: \(Redaction.forStorage(heard))")]
    }
}
