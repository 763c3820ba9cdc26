import Foundation
import Speech
import Testing

/// The state machine both detectors share, driven by hand.
@Suite struct VoiceActivityStateMachineTests {
    /// `pattern`: one character per 20 ms frame at 8 kHz, "x" voiced, "." not.
    static func run(_ pattern: String, timing: VoiceActivityTiming = VoiceActivityTiming()) -> (String, [VoiceActivityEvent]) {
        var machine = VoiceActivityStateMachine(sampleRate: 8_000, timing: timing)
        var states = ""
        var events: [VoiceActivityEvent] = []
        for flag in pattern {
            let activity = machine.step(voiced: flag == "x", sampleCount: 160)
            states.append(["quiet": "q", "starting": "s", "speaking": "S", "stopping": "p"][activity.rawValue]!)
            if let event = machine.event { events.append(event) }
        }
        return (states, events)
    }

    @Test(arguments: [
        // pattern, states, events (kind@time/decided, ms)
        ("..xxx......", "qqssSpppppp", ["speechStarted@40/100"]),
        ("xx.x", "sssS", ["speechStarted@0/80"]),      // one 20 ms gap is forgiven inside an onset
        ("xx..x", "sssqs", []),                       // two are not
        ("xxx" + String(repeating: ".", count: 10) + "..", "ssSpppppppppqqq".prefix(15).description,
         ["speechStarted@0/60", "speechEnded@60/260"]),
        ("xxx....x.........." , "ssSppppSpppppppppq", ["speechStarted@0/60", "speechEnded@160/360"]),
    ])
    func transitions(pattern: String, states: String, events: [String]) {
        let (seen, fired) = Self.run(pattern)
        #expect(seen == states)
        let described = fired.map { "\($0.kind.rawValue)@\(Self.ms($0.time))/\(Self.ms($0.decidedAt))" }
        #expect(described == events)
    }

    static func ms(_ duration: Duration) -> Int64 { AudioTimeTest.nanoseconds(duration) / 1_000_000 }

    @Test func zeroOnsetConfirmsOnTheFirstVoicedFrame() {
        let (states, events) = Self.run(".x.", timing: VoiceActivityTiming(onset: .zero, release: .milliseconds(20)))
        #expect(states == "qSq")
        #expect(events.count == 2)
    }
}

/// Both detectors on real speech (Flite, 8 kHz), clean and in white noise.
@Suite struct VADTests {
    static let snrs: [Double?] = [nil, 20, 10, 5]

    static func name(_ snr: Double?) -> String { snr.map { "\(Int($0)) dB" } ?? "clean" }

    /// Onset within 100 ms down to 10 dB SNR; at 10 dB at least 95% of speech frames found; false
    /// alarms in the pauses reported (and bounded). The zero-crossing rate carries the detector
    /// through 5 dB SNR of white noise, where energy alone finds under a tenth of the speech.
    @Test func energyDetectorOnCleanAndNoisySpeech() throws {
        var lines: [String] = []
        for snr in Self.snrs {
            for frameLength in [160, 80] {
                var vad = EnergyVAD(configuration: .init(sampleRate: 8_000))
                let score = VADScore.measure(&vad, VADTestAudio.noisy(snr: snr), frameLength: frameLength)
                lines.append("energy VAD \(Self.name(snr)), \(frameLength / 8) ms frames: \(score)")
                if snr ?? 99 >= 10 {
                    #expect(score.worstOnset <= .milliseconds(100), "\(Self.name(snr)): onsets \(score.onsetDelays)")
                    #expect(score.recall >= 0.95, "\(Self.name(snr)): \(score)")
                }
                if snr == 5 { #expect(score.recall >= 0.90, "5 dB: \(score)") }
                #expect(score.falseAlarms <= 0.05, "\(Self.name(snr)): \(score)")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    @Test func webRTCDetectorOnCleanAndNoisySpeech() throws {
        var lines: [String] = []
        for snr in Self.snrs {
            for frameLength in [160, 80] {
                var vad = try WebRTCVAD(configuration: .init(sampleRate: 8_000))
                let score = VADScore.measure(&vad, VADTestAudio.noisy(snr: snr), frameLength: frameLength)
                lines.append("WebRTC VAD \(Self.name(snr)), \(frameLength / 8) ms frames: \(score)")
                if snr ?? 99 >= 10 { #expect(score.worstOnset <= .milliseconds(100), "\(Self.name(snr)): onsets \(score.onsetDelays)") }
                #expect(score.recall >= 0.95, "\(Self.name(snr)): \(score)")
                #expect(score.falseAlarms <= 0.08, "\(Self.name(snr)): \(score)")
            }
        }
        print(lines.joined(separator: "\n"))
    }

    @Test func corpusIsWhatTheTestsSayItIs() {
        let corpus = VADTestAudio.corpus
        let speech = corpus.speech.filter { $0 }.count
        #expect(corpus.onsets.count == 8)
        #expect(abs(corpus.activeLevel - VADTestAudio.targetLevel) < 1)
        #expect(speech > 300 && speech < corpus.speech.count - 300)
        print("VAD corpus: \(corpus.samples.count / 8) ms, \(speech) of \(corpus.speech.count) 10 ms frames speech, active level \(String(format: "%.1f", corpus.activeLevel)) dBFS")
    }

    @Test func sixteenKilohertzWorksToo() throws {
        let up = try Resampler(from: 8_000, to: 16_000)
        let wide = up.process(VADTestAudio.corpus.samples) + up.flush()
        var energy = EnergyVAD(configuration: .init(sampleRate: 16_000))
        var webRTC = try WebRTCVAD(configuration: .init(sampleRate: 16_000))
        let a = energy.events(in: wide, frameDuration: .milliseconds(20))
        let b = webRTC.events(in: wide, frameDuration: .milliseconds(10))
        #expect(a.filter { $0.kind == .speechStarted }.count >= 8)
        #expect(b.filter { $0.kind == .speechStarted }.count >= 8)
    }

    @Test func webRTCRefusesAnUnsupportedRate() {
        #expect(throws: WebRTCVADError.self) { try WebRTCVAD(configuration: .init(sampleRate: 11_025)) }
    }

    @Test func resetStartsOver() throws {
        let samples = Array(VADTestAudio.corpus.samples.prefix(24_000))
        var vad = EnergyVAD()
        let first = vad.events(in: samples)
        vad.reset()
        #expect(vad.time == .zero)
        #expect(vad.events(in: samples) == first)
        var webRTC = try WebRTCVAD()
        let firstWebRTC = webRTC.events(in: samples)
        webRTC.reset()
        #expect(webRTC.events(in: samples) == firstWebRTC)
    }

    /// Per-frame cost (reported, not asserted).
    @Test func perFrameCost() throws {
        let samples = VADTestAudio.noisy(snr: 10)
        let frames = stride(from: 0, to: samples.count - 80, by: 80).map { Array(samples[$0..<$0 + 80]) }
        let clock = ContinuousClock()
        var energy = EnergyVAD()
        let energyTime = clock.measure { for frame in frames { _ = energy.process(frame) } }
        var webRTC = try WebRTCVAD()
        let webRTCTime = clock.measure { for frame in frames { _ = webRTC.process(frame) } }
        func perFrame(_ d: Duration) -> String { String(format: "%.2f µs", Double(AudioTimeTest.nanoseconds(d)) / 1_000 / Double(frames.count)) }
        print("VAD cost per 10 ms frame at 8 kHz (debug build): energy \(perFrame(energyTime)), WebRTC \(perFrame(webRTCTime))")
    }
}
