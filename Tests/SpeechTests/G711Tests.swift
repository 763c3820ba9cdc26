import Foundation
import Speech
import Testing

/// G.711 against the standard's own tables, rebuilt here from their printed shape (segment
/// bases and step sizes) rather than from the codec's bit arithmetic.
@Suite struct G711Tests {
    /// ITU-T G.711 Table 2a (μ-law): the decoder output of step q in segment s is
    /// base[s] + step[s]·q on a scale where 8031 is the largest value; 16-bit samples are 4× that.
    /// Codes are sent inverted: bit 7 set is positive, and 0xFF is +0.
    static func muLawReference(_ byte: UInt8) -> Int16 {
        let bases = [0, 33, 99, 231, 495, 1023, 2079, 4191]
        let steps = [2, 4, 8, 16, 32, 64, 128, 256]
        let index = Int(~byte & 0x7F)
        let value = (bases[index >> 4] + steps[index >> 4] * (index & 0x0F)) * 4
        return Int16(byte & 0x80 != 0 ? value : -value)
    }

    /// ITU-T G.711 Table 1a (A-law): decoder output base[s] + step[s]·q on a scale where 4032 is
    /// the largest value; 16-bit samples are 8× that. Even bits are inverted on the line (XOR
    /// 0x55); bit 7 set is positive.
    static func aLawReference(_ byte: UInt8) -> Int16 {
        let bases = [1, 33, 66, 132, 264, 528, 1056, 2112]
        let steps = [2, 2, 4, 8, 16, 32, 64, 128]
        let code = Int(byte ^ 0x55)
        let segment = (code >> 4) & 0x07
        let value = (bases[segment] + steps[segment] * (code & 0x0F)) * 8
        return Int16(code & 0x80 != 0 ? value : -value)
    }

    static func reference(_ law: G711Law, _ byte: UInt8) -> Int16 {
        law == .muLaw ? muLawReference(byte) : aLawReference(byte)
    }

    @Test(arguments: G711Law.allCases)
    func decoderMatchesTheStandardForAll256Codes(law: G711Law) {
        for code in 0...255 {
            let byte = UInt8(code)
            #expect(law.decode(byte) == Self.reference(law, byte), "\(law) code 0x\(String(code, radix: 16))")
            #expect(law.decodeTable[code] == Self.reference(law, byte))
        }
    }

    @Test func muLawAnchors() {
        #expect(G711Law.muLaw.decode(0x00) == -32124)
        #expect(G711Law.muLaw.decode(0x80) == 32124)
        #expect(G711Law.muLaw.decode(0xFF) == 0)
        #expect(G711Law.muLaw.decode(0x7F) == 0)
        #expect(G711Law.muLaw.decode(0x0F) == -16764)
        #expect(G711Law.muLaw.encode(0) == 0xFF)
        #expect(G711Law.muLaw.encode(Int16.max) == 0x80)
        #expect(G711Law.muLaw.encode(Int16.min) == 0x00)
    }

    /// From the A-law definition: the smallest steps are ±8 (one 13-bit step of 2, midpoint 1),
    /// the largest ±32256 (2112 + 15·128 = 4032 on the 13-bit scale).
    @Test func aLawAnchors() {
        #expect(G711Law.aLaw.decode(0xD5) == 8)
        #expect(G711Law.aLaw.decode(0x55) == -8)
        #expect(G711Law.aLaw.decode(0xAA) == 32256)
        #expect(G711Law.aLaw.decode(0x2A) == -32256)
        #expect(G711Law.aLaw.decode(0x80) == 5504)
        #expect(G711Law.aLaw.decode(0x00) == -5504)
        #expect(G711Law.aLaw.encode(0) == 0xD5)
        #expect(G711Law.aLaw.encode(-1) == 0x55)
        #expect(G711Law.aLaw.encode(Int16.max) == 0xAA)
        #expect(G711Law.aLaw.encode(Int16.min) == 0x2A)
    }

    @Test(arguments: G711Law.allCases)
    func everyCodeRoundTrips(law: G711Law) {
        for code in 0...255 {
            let byte = UInt8(code)
            let again = law.encode(law.decode(byte))
            // μ-law has two zeros; −0 (0x7F) comes back as +0 (0xFF).
            let expected: UInt8 = law == .muLaw && byte == 0x7F ? 0xFF : byte
            #expect(again == expected, "\(law) code 0x\(String(code, radix: 16)) → 0x\(String(again, radix: 16))")
        }
    }

    /// The width of the quantisation step a code stands for, in 16-bit units (Tables 1a/2a).
    static func stepWidth(_ law: G711Law, _ byte: UInt8) -> Int {
        switch law {
        case .muLaw: [2, 4, 8, 16, 32, 64, 128, 256][Int(~byte >> 4) & 0x07] * 4
        case .aLaw: [2, 2, 4, 8, 16, 32, 64, 128][Int((byte ^ 0x55) >> 4) & 0x07] * 8
        }
    }

    /// Every 16-bit sample comes back within half a step of itself (the reconstruction value is
    /// the middle of its decision interval), short of the clipping ends, and the codec is
    /// monotonic.
    @Test(arguments: G711Law.allCases)
    func everySampleComesBackWithinHalfAStep(law: G711Law) {
        var previous = Int.min
        var failures: [String] = []
        for x in Int(Int16.min)...Int(Int16.max) {
            let code = law.encode(Int16(x))
            let y = Int(law.decode(code))
            if y < previous { failures.append("not monotonic at \(x)") }
            previous = y
            if abs(x) < 32_000, abs(x - y) > Self.stepWidth(law, code) / 2 { failures.append("\(x) → \(y)") }
        }
        #expect(failures.isEmpty, "\(law): \(failures.prefix(10))")
    }

    /// ENGINES-NOTES: quantisation SNR ≈ 38 dB on a 1 kHz sine at −1 dBFS.
    @Test(arguments: G711Law.allCases)
    func quantisationSNROfASine(law: G711Law) {
        let amplitude = 32_767 * pow(10, -1.0 / 20)
        let sine = (0..<8_000).map { Int16((amplitude * sin(2 * .pi * 1_000 * Double($0) / 8_000)).rounded()) }
        let decoded = law.decode(law.encode(sine))
        var signal = 0.0
        var noise = 0.0
        for (x, y) in zip(sine, decoded) {
            signal += Double(x) * Double(x)
            noise += (Double(y) - Double(x)) * (Double(y) - Double(x))
        }
        let snr = 10 * log10(signal / noise)
        #expect(snr > 35 && snr < 42, "\(law) SNR \(snr) dB")
    }

    @Test func arrayAndDataConveniences() {
        let samples: [Int16] = [0, 1_000, -1_000, 32_000, -32_000]
        let codes = G711Law.muLaw.encode(samples)
        #expect(G711Law.muLaw.encodeData(samples) == Data(codes))
        #expect(G711Law.muLaw.decode(Data(codes)) == G711Law.muLaw.decode(codes))
        #expect(G711Law.muLaw.decode(codes[1...2]) == [G711Law.muLaw.decode(codes[1]), G711Law.muLaw.decode(codes[2])])
        #expect(G711Law.aLaw.decode([UInt8]()) == [])
    }
}
