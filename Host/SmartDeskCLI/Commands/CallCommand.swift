import ArgumentParser
import Caller
import Foundation
import Logging
import Server
import Speech

/// `smartdesk call`: a test caller speaking real audio to a running host over the Twilio protocol.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a running host as Twilio would, speaking each --say line, and print what the agent said.",
        discussion: """
        Each --say is synthesised and streamed as μ-law 20 ms frames in real time; marks are
        echoed when their audio has played. The agent's replies are transcribed with a
        general-English recogniser (expect some word errors on 8 kHz audio). Per turn it prints
        the latency from the end of the caller's speech to the first agent audio.
        """
    )

    @Option(name: .customLong("say"), help: "What the caller says (repeat for each turn).")
    var utterances: [String] = []

    @Option(help: "The host's base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Caller ID sent in the webhook.")
    var from = "+15551230001"

    @Flag(help: "Talk over each reply (after --barge-in-after) instead of waiting for it to end.")
    var bargeIn = false

    @Option(help: "With --barge-in: how much of a reply plays before the caller talks over it (ms).")
    var bargeInAfter = 1_200

    @Option(help: "Sign requests with this Twilio auth token (default: $SMARTDESK_TWILIO_AUTH_TOKEN).")
    var authToken: String?

    func run() async throws {
        guard !utterances.isEmpty else { throw CLIError.exit(CLIError("give at least one --say \"…\"")) }
        let token = authToken ?? ProcessInfo.processInfo.environment["SMARTDESK_TWILIO_AUTH_TOKEN"]
        let caller: TwilioCaller
        do {
            caller = TwilioCaller(
                configuration: .init(
                    url: url, from: from, authToken: token, utterances: utterances,
                    bargeInAfter: bargeIn ? .milliseconds(bargeInAfter) : nil
                ),
                synthesizer: try FliteSynthesizer(), ear: try PocketSphinxRecognizer.generalEnglish(), logger: Logger(label: "smartdesk.call")
            )
        } catch {
            throw CLIError.exit(error)
        }
        let result: TwilioCaller.Result
        do {
            result = try await caller.run()
        } catch {
            throw CLIError.exit(error)
        }
        var out = ""
        var latencies: [Double] = []
        for turn in result.turns {
            if let said = turn.said { out += "caller: \(said)\n" }
            var notes: [String] = []
            if let latency = turn.latency {
                let ms = Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
                if turn.said == nil {
                    notes.append(String(format: "first audio %.0f ms after the stream started", ms))
                } else {
                    latencies.append(ms)
                    notes.append(String(format: "first audio %.0f ms after the caller stopped", ms))
                }
            }
            notes.append(String(format: "%.1f s of audio", Double(turn.replyAudio.components.seconds) + Double(turn.replyAudio.components.attoseconds) / 1e18))
            if turn.cleared { notes.append("cut off by the caller") }
            out += "agent: \(turn.heard.isEmpty ? "(nothing)" : turn.heard)   [\(notes.joined(separator: ", "))]\n"
        }
        if !latencies.isEmpty {
            let sorted = latencies.sorted()
            out += String(format: "latency: p50 %.0f ms, max %.0f ms over %d turns\n", sorted[sorted.count / 2], sorted.last!, sorted.count)
        }
        if result.clears > 0 { out += "barge-ins: \(result.clears) clear(s) from the host\n" }
        if result.hostClosed { out += "the host ended the call\(result.closeReason.map { " (\($0))" } ?? "")\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
