import Agent
import Core
import Foundation
import Glibc
import LLM
import Speech
import Voice

/// `smartdesk bench llm`, second part: what a long call costs the prompt (turn 50 against turn 5,
/// the history folded within its budget), and how long a finished sentence of a streamed answer
/// takes to become the first 20 ms frame on the line (Flite's first chunk, resampled to 8 kHz,
/// framed eagerly as a voice call does).
struct LLMContextBenchmark {
    let requests: Int

    static let catalog = SkillCatalog([
        IntentProfile(name: "billing.balance", description: "check your account balance"),
        IntentProfile(name: "scheduling.hours", description: "hear the opening hours"),
    ])

    /// A call of `turns` answered requests, alternating two skills, as its memory stands.
    static func memory(turns: Int) -> ConversationMemory {
        var session = Session(callID: "bench", caller: "+15551230001", today: CalendarDay(year: 2026, month: 11, day: 25)!)
        _ = session.start()
        _ = session.callStartFinished(HandlerResult(says: ["Hi Dana, thanks for calling Brightside Dental. How can I help you today?"]))
        for index in 0..<turns {
            let (intent, said, reply) = index.isMultiple(of: 2)
                ? ("billing.balance", "hi, what do I owe you at the moment, roughly?", "Your balance is $142.50. Your last payment was $60.00 on November 2nd.")
                : ("scheduling.hours", "and when are you open on Saturdays, just so I know?", "We're open Monday to Friday, 9 AM to 5 PM, and Saturday 10 AM to 1 PM.")
            _ = session.receive(said, candidates: [IntentCandidate(intent: intent, score: 0.95)], catalog: catalog)
            _ = session.handlerFinished(HandlerResult(says: [reply]), catalog: catalog)
        }
        return session.memory
    }

    func run() async throws {
        let composer = AnswerComposer(client: LLMClient(LLMConfiguration(baseURL: "http://127.0.0.1:9", model: "bench")),
                                      business: "Brightside Dental",
                                      profile: #"{"facts":{"address":"12 Harbour Street","parking":"free, behind the building"}}"#)
        print("prompt for an open question, by how long the call has been (history budget 500 tokens):")
        for turns in [5, 50] {
            let memory = Self.memory(turns: turns)
            var build = LatencyRecorder()
            var characters = 0
            for _ in 0..<(requests + 20) {
                let started = ContinuousClock.now
                let context = CallContext(callID: "bench", turn: turns + 1, caller: "+15551230001", memory: memory)
                let messages = composer.prompt("is there parking near you?", context: context, offered: [])
                build.record(ContinuousClock.now - started)
                characters = messages.reduce(0) { $0 + ($1.content?.utf8.count ?? 0) }
            }
            let history = memory.historyWindow()
            print("  turn \(turns): \(characters) characters (~\(characters / 4) tokens), \(history.recent.count) entries verbatim, "
                  + "built in \(build.summary)")
        }

        let synthesizer = try FliteSynthesizer()
        let downsampler = try Resampler(from: synthesizer.sampleRate, to: 8_000)
        let sentences = [
            "If you cancel with less than a day's notice, there's a twenty five dollar fee.",
            "There's free parking behind the building.",
            "Your balance is one hundred forty two dollars and fifty cents.",
        ]
        var firstFrame = LatencyRecorder()
        for index in 0..<max(30, requests / 10) {
            let sentence = sentences[index % sentences.count]
            var framer = OutboundFramer()
            let started = ContinuousClock.now
            frames: for try await chunk in synthesizer.synthesize(sentence, voice: .natural) {
                let samples = downsampler.process(chunk.samples)
                if !framer.append(samples, sentence: 0, eager: true).isEmpty {
                    firstFrame.record(ContinuousClock.now - started)
                    break frames
                }
            }
            downsampler.clear()
        }
        print("a finished sentence to its first 20 ms frame at 8 kHz (Flite, eager framing): \(firstFrame.summary)")

        // An outage: the time from asking to having the fallback reply in hand.
        let listener = try StuckListener()
        defer { listener.close() }
        for (name, url) in [("server refuses connections", "http://127.0.0.1:\(try StuckListener.closedPort())"),
                            ("server accepts and never answers", "http://127.0.0.1:\(listener.port)")] {
            var outage = LatencyRecorder()
            for _ in 0..<5 {
                // A fresh composer each time: the breaker would otherwise skip the model at once.
                let composer = AnswerComposer(client: LLMClient(LLMConfiguration(baseURL: url, model: "bench")), business: "Brightside Dental")
                let started = ContinuousClock.now
                let answer = await composer.answer(facts: #"{"fee":25}"#, question: "what's your cancellation policy", speak: nil)
                outage.record(ContinuousClock.now - started)
                precondition(answer.text == nil, "an outage cannot answer")
            }
            print("model outage (\(name)) to the fallback reply: \(outage.summary)")
        }
    }
}

/// A TCP port on loopback that takes connections into its backlog and never reads or answers
/// them: a model server that is up but stuck.
final class StuckListener: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            _ = Glibc.close(descriptor)
            throw CocoaError(.fileWriteUnknown)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let listener = try StuckListener()
        listener.close()
        return listener.port
    }

    func close() { _ = Glibc.close(descriptor) }
}
