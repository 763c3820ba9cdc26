import Caller
import Foundation
import Speech
import Locks
import Voice

/// `smartdesk bench soak`: many calls against one host, with this process's resident memory, open
/// descriptors and threads sampled as they go — whatever a call leaves behind shows as growth.
/// Voice calls go over the Twilio media stream with real speech engines, faster than real time
/// (the host's call flow runs on stream time, so it hears the same call); text calls over the
/// text protocol. The host and its callers share this process, so the figures cover both.
struct SoakBenchmark {
    let model: ModelOptions
    let host: HostOptions
    let calls: Int
    let speed: Double
    let every: Int
    let warmUp: Int
    let minutes: Double
    let textCalls: Int
    let voiceCalls: Int

    static let script = ["what are your opening hours", "what's my balance", "that's all, thanks"]

    struct Sample {
        var label: String
        var seconds: Double
        var residentMegabytes: Double
        var descriptors: Int
        var threads: Int
    }

    func run() async throws {
        let server = try await InProcessHost.start(model: model, host: host)
        let url = server.url
        let synthesizer = server.engines.synthesizer
        let ear = try PocketSphinxRecognizer(phrases: ["hello"])
        let clock = ContinuousClock()
        let started = clock.now
        func sample(_ label: String) -> Sample {
            Sample(label: label, seconds: (clock.now - started).milliseconds / 1000, residentMegabytes: ProcessMemory.residentMegabytes() ?? 0,
                   descriptors: Self.openDescriptors(), threads: Self.threads())
        }
        let voiceCall: @Sendable (Int, Double) async -> Bool = { index, speed in
            let caller = TwilioCaller(
                configuration: .init(url: url, from: "+1555200\(1000 + index % 9000)", utterances: Self.script, transcribes: false, speed: speed),
                synthesizer: synthesizer, ear: ear, logger: InProcessHost.quietLogger
            )
            guard let result = try? await caller.run() else { return false }
            return result.turns.dropLast().allSatisfy { $0.latency != nil }
        }

        // Sequential voice calls.
        if calls > 0 {
            print("\(calls) voice calls one after another (Twilio media stream, \(Self.script.count) turns each, \(speed)× real time):")
            var samples: [Sample] = [sample("start")]
            var answered = 0
            for index in 0..<calls {
                if await voiceCall(index, speed) { answered += 1 }
                let done = index + 1
                if done == warmUp || (done > warmUp && (done - warmUp) % every == 0) || done == calls {
                    samples.append(sample("\(done) calls"))
                    Self.printSample(samples[samples.count - 1])
                }
            }
            print("  calls with every turn answered: \(answered)/\(calls)")
            Self.printGrowth(samples.filter { $0.label != "start" }, unit: "calls", after: warmUp)
        }

        // Mixed text and voice load.
        if minutes > 0 {
            print(String(format: "%.0f minutes of mixed load: %d text calls (a turn every 2 s) and %d voice calls (real time) at once, each ending and redialling:", minutes, textCalls, voiceCalls))
            let end = clock.now + .milliseconds(Int(minutes * 60_000))
            let tally = TextCaller.Tally()
            let voiceCount = VoiceCount()
            var samples: [Sample] = []
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for index in 0..<textCalls {
                        group.addTask {
                            var round = 0
                            while clock.now < end {
                                await TextCaller.call(port: server.port, id: "soak-\(index)-\(round)", turns: 8, interval: .seconds(2), tally: tally)
                                round += 1
                            }
                        }
                    }
                    for index in 0..<voiceCalls {
                        group.addTask {
                            var round = 0
                            while clock.now < end {
                                let ok = await voiceCall(index * 1000 + round, 1)
                                voiceCount.add(answered: ok)
                                round += 1
                            }
                        }
                    }
                }
            }
            let interval = Duration.milliseconds(Int(min(30, minutes * 60 / 10) * 1000))
            while clock.now < end {
                try await Task.sleep(for: interval)
                samples.append(sample(String(format: "%.1f min", (clock.now - started).milliseconds / 60_000)))
                Self.printSample(samples[samples.count - 1])
            }
            await load.value
            let voice = voiceCount.value
            print("  voice calls: \(voice.placed) placed, \(voice.answered) with every turn answered")
            tally.print(calls: textCalls)
            Self.printGrowth(samples, unit: "samples", after: 0)
        }
        await server.stop()
        Self.printSample(sample("after shutdown"))
    }

    final class VoiceCount: Sendable {
        private let counts = Mutex((placed: 0, answered: 0))
        func add(answered: Bool) { counts.withLock { $0.placed += 1; if answered { $0.answered += 1 } } }
        var value: (placed: Int, answered: Int) { counts.withLock { $0 } }
    }

    static func printSample(_ sample: Sample) {
        print(String(format: "  %-14@ %7.1f s  RSS %7.1f MB  fds %4d  threads %3d", sample.label as NSString, sample.seconds,
                     sample.residentMegabytes, sample.descriptors, sample.threads))
    }

    /// First sample after warm-up to the last, and the least-squares slope over the samples.
    static func printGrowth(_ samples: [Sample], unit: String, after warmUp: Int) {
        guard let first = samples.first, let last = samples.last, samples.count > 1 else { return }
        let xs = samples.map(\.seconds), ys = samples.map(\.residentMegabytes)
        let meanX = xs.reduce(0, +) / Double(xs.count), meanY = ys.reduce(0, +) / Double(ys.count)
        var covariance = 0.0, variance = 0.0
        for (x, y) in zip(xs, ys) {
            covariance += (x - meanX) * (y - meanY)
            variance += (x - meanX) * (x - meanX)
        }
        let slope = covariance / max(variance, 1e-9)
        print(String(format: "  growth from %@ to %@: RSS %+.1f MB (trend %+.2f MB per 10 min), fds %+d, threads %+d",
                     first.label as NSString, last.label as NSString, last.residentMegabytes - first.residentMegabytes, slope * 600,
                     last.descriptors - first.descriptors, last.threads - first.threads))
    }

    static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.count ?? -1
    }

    static func threads() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("Threads:") {
            return Int(line.split(separator: "\t").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
        }
        return -1
    }
}
