import Foundation
import Speech
import Testing

@Suite struct ResamplerTests {
    /// A test signal with content across the band: two sines and a chirp-like sweep.
    static func signal(count: Int, rate: Int) -> [Int16] {
        (0..<count).map { n in
            let t = Double(n) / Double(rate)
            let value = 9_000 * sin(2 * .pi * 440 * t) + 6_000 * sin(2 * .pi * 1_900 * t + 1) + 3_000 * sin(2 * .pi * (200 + 300 * t) * t)
            return Int16(value.rounded())
        }
    }

    static func run(_ resampler: Resampler, _ input: [Int16], splits: [Int]) -> [Int16] {
        var output: [Int16] = []
        var start = 0
        var index = 0
        while start < input.count {
            let end = min(start + splits[index % splits.count], input.count)
            output += resampler.process(Array(input[start..<end]))
            start = end
            index += 1
        }
        return output
    }

    @Test(arguments: [(8_000, 16_000), (16_000, 8_000), (22_050, 8_000), (8_000, 8_000)])
    func outputDoesNotDependOnChunking(from: Int, to: Int) throws {
        let rates = (from, to)
        let input = Self.signal(count: 4_000, rate: rates.0)
        let whole = Self.run(try Resampler(from: rates.0, to: rates.1), input, splits: [input.count])
        for splits in [[1], [3, 7, 1], [160], [161, 13], [1_999]] {
            let split = Self.run(try Resampler(from: rates.0, to: rates.1), input, splits: splits)
            #expect(split == whole, "\(rates.0) → \(rates.1) in splits \(splits)")
        }
    }

    /// The output lags the input by `delay` input samples: after n samples in, about
    /// (n − delay) · to / from samples are out; `flush` brings the rest.
    @Test(arguments: [(8_000, 16_000), (16_000, 8_000)])
    func delayAccountsForTheMissingOutput(from: Int, to: Int) throws {
        let rates = (from, to)
        let resampler = try Resampler(from: rates.0, to: rates.1)
        let delay = resampler.delay
        #expect(delay > 0 && delay < 100)
        let input = Self.signal(count: 8_000, rate: rates.0)
        let output = resampler.process(input)
        let expected = (input.count - delay) * rates.1 / rates.0
        #expect(abs(output.count - expected) <= 2, "\(output.count) out, \(expected) expected, delay \(delay)")
        let tail = resampler.flush()
        #expect(output.count + tail.count == input.count * rates.1 / rates.0)
        print("resampler \(rates.0)→\(rates.1) quality 4: delay \(delay) input samples = \(resampler.delayDuration)")
    }

    /// With the leading zeros skipped, an impulse at input k comes out at k · to / from.
    @Test func outputIsAlignedWithInput() throws {
        let up = try Resampler(from: 8_000, to: 16_000)
        var impulse = [Int16](repeating: 0, count: 400)
        impulse[100] = 20_000
        let output = up.process(impulse)
        let peak = output.indices.max { abs(Int(output[$0])) < abs(Int(output[$1])) }!
        #expect(abs(peak - 200) <= 1, "peak at \(peak)")
    }

    /// 8 → 16 → 8 kHz keeps a 1 kHz sine's frequency and amplitude.
    @Test func sineSurvivesARoundTrip() throws {
        let amplitude = 10_000.0
        let sine = (0..<8_000).map { Int16((amplitude * sin(2 * .pi * 1_000 * Double($0) / 8_000)).rounded()) }
        let up = try Resampler(from: 8_000, to: 16_000)
        let down = try Resampler(from: 16_000, to: 8_000)
        let wide = up.process(sine) + up.flush()
        #expect(wide.count == 16_000)
        // At 16 kHz the samples in between are the sine's too, not just the originals repeated.
        var wideError = 0.0
        var widePower = 0.0
        for i in 2_000..<14_000 {
            let ideal = amplitude * sin(2 * .pi * 1_000 * Double(i) / 16_000)
            widePower += ideal * ideal
            wideError += (Double(wide[i]) - ideal) * (Double(wide[i]) - ideal)
        }
        let wideSNR = 10 * log10(widePower / wideError)
        #expect(wideSNR > 40, "16 kHz SNR \(wideSNR) dB")
        let back = down.process(wide) + down.flush()
        #expect(back.count == 8_000)
        // Away from the edges: amplitude from RMS, frequency from zero crossings.
        let middle = back[1_000..<7_000].map(Double.init)
        let rms = (middle.reduce(0) { $0 + $1 * $1 } / Double(middle.count)).squareRoot()
        let measuredAmplitude = rms * 2.squareRoot()
        var crossings = 0
        for i in 1..<middle.count where (middle[i - 1] < 0) != (middle[i] < 0) { crossings += 1 }
        let frequency = Double(crossings) / 2 / (Double(middle.count) / 8_000)
        #expect(abs(20 * log10(measuredAmplitude / amplitude)) < 0.5, "amplitude \(measuredAmplitude)")
        #expect(abs(frequency - 1_000) < 5, "frequency \(frequency)")
        // And sample by sample, against the original delayed by nothing (the output is aligned).
        // (For 1 kHz at 8 kHz the round trip is exact: the 2× interpolator keeps the original
        // samples and the sine repeats every 8 of them.)
        let maximumError = (1_000..<7_000).map { abs(Int(back[$0]) - Int(sine[$0])) }.max() ?? 0
        #expect(maximumError <= 2, "round trip differs by up to \(maximumError)")
        print("resampler 8→16→8 kHz 1 kHz sine: amplitude \(String(format: "%.1f", measuredAmplitude)) of \(amplitude), frequency \(String(format: "%.1f", frequency)) Hz, 16 kHz SNR \(String(format: "%.1f", wideSNR)) dB, round trip max error \(maximumError)")
    }

    @Test func clearForgetsTheStream() throws {
        let input = Self.signal(count: 1_600, rate: 8_000)
        let resampler = try Resampler(from: 8_000, to: 16_000)
        let first = resampler.process(input)
        _ = resampler.process(Self.signal(count: 333, rate: 8_000).map { $0 / 2 &+ 17 })
        resampler.clear()
        #expect(resampler.process(input) == first)
    }

    @Test func refusesBadSettings() {
        #expect(throws: ResamplerError.self) { try Resampler(from: 0, to: 8_000) }
        #expect(throws: ResamplerError.self) { try Resampler(from: 8_000, to: -1) }
        #expect(throws: ResamplerError.self) { try Resampler(from: 8_000, to: 16_000, quality: 11) }
        do {
            _ = try Resampler(from: 8_000, to: 16_000, quality: 11)
        } catch {
            #expect("\(error)".contains("quality"))
        }
    }

    @Test func emptyChunksAreFine() throws {
        let resampler = try Resampler(from: 16_000, to: 8_000)
        #expect(resampler.process([]) == [])
        #expect(resampler.flush().isEmpty)
    }

    /// Per-chunk cost on 20 ms chunks (reported, not asserted: timings belong in benchmarks).
    @Test func perChunkCost() throws {
        for (from, to) in [(8_000, 16_000), (16_000, 8_000)] {
            let resampler = try Resampler(from: from, to: to)
            let chunk = Self.signal(count: from / 50, rate: from)
            let rounds = 2_000
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                for _ in 0..<rounds { _ = resampler.process(chunk) }
            }
            let micros = Double(AudioTimeTest.nanoseconds(elapsed)) / 1_000 / Double(rounds)
            print("resampler \(from)→\(to) quality 4: \(String(format: "%.1f", micros)) µs per 20 ms chunk")
        }
    }
}

@Suite struct PhoneBandFillTests {
    /// RMS in dBFS.
    static func level(_ samples: [Int16]) -> Double {
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)
        return 10 * log10(power / (32_768.0 * 32_768.0))
    }

    /// Power of `samples` at `frequency` (a windowed single-bin DFT), in dB.
    static func power(_ samples: [Int16], at frequency: Double, rate: Double) -> Double {
        var re = 0.0
        var im = 0.0
        let n = Double(samples.count)
        for (i, sample) in samples.enumerated() {
            let window = 0.5 - 0.5 * cos(2 * .pi * Double(i) / n)
            let phase = 2 * .pi * frequency * Double(i) / rate
            re += Double(sample) * window * cos(phase)
            im += Double(sample) * window * sin(phase)
        }
        return 10 * log10((re * re + im * im) / n + 1e-9)
    }

    @Test(arguments: [PhoneBandFill.Spectrum.white, .highBand], [-50.0, -40.0])
    func noiseHasTheAskedLevel(spectrum: PhoneBandFill.Spectrum, level: Double) {
        var fill = PhoneBandFill(level: level, spectrum: spectrum, seed: 11)
        let noise = fill.filled([Int16](repeating: 0, count: 32_000))
        #expect(abs(Self.level(noise) - level) < 0.5, "\(spectrum) at \(level): \(Self.level(noise))")
    }

    @Test func highBandNoiseStaysAbove4kHz() {
        var fill = PhoneBandFill(level: -40, spectrum: .highBand, seed: 3)
        let noise = fill.filled([Int16](repeating: 0, count: 16_000))
        // Average a few bins on each side.
        func band(_ frequencies: [Double]) -> Double {
            frequencies.map { Self.power(Array(noise[0..<4_096]), at: $0, rate: 16_000) }.reduce(0, +) / Double(frequencies.count)
        }
        let speechBand = band([500, 1_000, 2_000, 3_000])
        let highBand = band([5_000, 6_000, 7_000])
        #expect(highBand - speechBand > 40, "high band \(highBand) dB, speech band \(speechBand) dB")
    }

    @Test(arguments: [PhoneBandFill.Spectrum.white, .highBand])
    func sameSeedSameNoiseForAnyChunking(spectrum: PhoneBandFill.Spectrum) {
        let input = ResamplerTests.signal(count: 3_000, rate: 16_000)
        var whole = PhoneBandFill(spectrum: spectrum, seed: 42)
        let expected = whole.filled(input)
        for size in [1, 7, 320, 1_001] {
            var fill = PhoneBandFill(spectrum: spectrum, seed: 42)
            var output: [Int16] = []
            var start = 0
            while start < input.count {
                let end = min(start + size, input.count)
                output += fill.filled(Array(input[start..<end]))
                start = end
            }
            #expect(output == expected, "chunks of \(size)")
        }
        var other = PhoneBandFill(spectrum: spectrum, seed: 43)
        #expect(other.filled(input) != expected)
        whole.reset()
        #expect(whole.filled(input) == expected)
    }

    /// Phone audio upsampled to 16 kHz: the fill raises the 4–8 kHz band from (nearly) nothing.
    @Test func fillsTheGapAfterUpsampling() throws {
        let line = ResamplerTests.signal(count: 8_000, rate: 8_000)
        let up = try Resampler(from: 8_000, to: 16_000)
        let wide = up.process(line) + up.flush()
        var fill = PhoneBandFill(level: -50, spectrum: .highBand, seed: 1)
        let filled = fill.filled(wide)
        let before = Self.power(Array(wide[4_000..<8_096]), at: 6_000, rate: 16_000)
        let after = Self.power(Array(filled[4_000..<8_096]), at: 6_000, rate: 16_000)
        #expect(after - before > 20, "6 kHz: \(before) dB → \(after) dB")
        // The speech band is untouched to within the noise.
        let speech = Self.power(Array(wide[4_000..<8_096]), at: 440, rate: 16_000)
        let speechAfter = Self.power(Array(filled[4_000..<8_096]), at: 440, rate: 16_000)
        #expect(abs(speech - speechAfter) < 0.1)
    }
}
