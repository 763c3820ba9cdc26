import Foundation

/// The two companding laws of ITU-T G.711: one byte per sample for telephone audio at 8 kHz.
///
/// Decoding reads a 256-entry table built once from the standard's definition; encoding picks the
/// segment and the quantisation step the standard defines (the decision interval whose
/// reconstruction value the decoder then returns).
///
/// ```swift
/// let samples = G711Law.muLaw.decode(payload)        // Twilio media: 160 bytes per 20 ms
/// let bytes = G711Law.muLaw.encode(samples)          // back to the line
/// G711Law.muLaw.decode(0x80)                         // 32124
/// ```
public enum G711Law: String, Sendable, CaseIterable, CustomStringConvertible {
    /// μ-law (North America and Japan; Twilio's `audio/x-mulaw`).
    case muLaw = "mu-law"
    /// A-law (Europe and most of the rest of the world).
    case aLaw = "a-law"

    public var description: String { rawValue }

    /// The linear 16-bit sample a code stands for.
    @inline(__always)
    public func decode(_ code: UInt8) -> Int16 {
        switch self {
        case .muLaw: Self.muLawTable[Int(code)]
        case .aLaw: Self.aLawTable[Int(code)]
        }
    }

    /// The code whose decision interval holds `sample`.
    @inline(__always)
    public func encode(_ sample: Int16) -> UInt8 {
        switch self {
        case .muLaw: Self.encodeMuLaw(sample)
        case .aLaw: Self.encodeALaw(sample)
        }
    }

    /// Linear samples for a run of codes (`[UInt8]`, `Data`, a slice, …).
    public func decode(_ codes: some Sequence<UInt8>) -> [Int16] {
        let table = decodeTable
        let contiguous = codes.withContiguousStorageIfAvailable { input in
            [Int16](unsafeUninitializedCapacity: input.count) { output, count in
                table.withUnsafeBufferPointer { table in
                    for i in 0..<input.count { output[i] = table[Int(input[i])] }
                }
                count = input.count
            }
        }
        if let contiguous { return contiguous }
        var samples: [Int16] = []
        samples.reserveCapacity(codes.underestimatedCount)
        for code in codes { samples.append(table[Int(code)]) }
        return samples
    }

    /// Codes for a run of linear samples.
    public func encode(_ samples: some Sequence<Int16>) -> [UInt8] {
        let contiguous = samples.withContiguousStorageIfAvailable { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { output, count in
                switch self {
                case .muLaw: for i in 0..<input.count { output[i] = Self.encodeMuLaw(input[i]) }
                case .aLaw: for i in 0..<input.count { output[i] = Self.encodeALaw(input[i]) }
                }
                count = input.count
            }
        }
        if let contiguous { return contiguous }
        var codes: [UInt8] = []
        codes.reserveCapacity(samples.underestimatedCount)
        for sample in samples { codes.append(encode(sample)) }
        return codes
    }

    /// Codes for a run of linear samples, as `Data` (for a socket or a file).
    public func encodeData(_ samples: some Sequence<Int16>) -> Data {
        Data(encode(samples))
    }

    /// The decoder's table: `decodeTable[Int(code)]` is the sample for `code`.
    public var decodeTable: [Int16] {
        self == .muLaw ? Self.muLawTable : Self.aLawTable
    }

    // MARK: μ-law

    /// μ-law codes are sent inverted; inside, bit 7 is the sign (1 = negative), bits 6–4 the
    /// segment and bits 3–0 the step. A step reconstructs at the middle of its interval, which on
    /// the 16-bit scale is `((step << 3) + 0x84) << segment − 0x84`.
    static let muLawTable: [Int16] = (0..<256).map { byte in
        let code = ~UInt8(byte)
        let segment = Int(code >> 4) & 0x07
        let step = Int(code) & 0x0F
        let magnitude = (((step << 3) + muLawBias) << segment) - muLawBias
        return Int16(code & 0x80 != 0 ? -magnitude : magnitude)
    }

    private static let muLawBias = 0x84
    private static let muLawClip = 32635

    private static func encodeMuLaw(_ sample: Int16) -> UInt8 {
        var magnitude = Int(sample)
        var sign: UInt8 = 0
        if magnitude < 0 {
            magnitude = -magnitude
            sign = 0x80
        }
        magnitude = min(magnitude, muLawClip) + muLawBias  // 0x84 … 0x7FFF
        // The segment is where the highest set bit lies above bit 7.
        let segment = (Int.bitWidth - magnitude.leadingZeroBitCount) - 8
        let step = (magnitude >> (segment + 3)) & 0x0F
        return ~(sign | UInt8(segment << 4) | UInt8(step))
    }

    // MARK: A-law

    /// A-law codes are sent with the even bits inverted (XOR 0x55); inside, bit 7 set means
    /// positive, bits 6–4 the segment and bits 3–0 the step. On the 13-bit scale segment 0 and 1
    /// both have steps of 2 (reconstructing at `2·step + 1` and `2·step + 33`); each later segment
    /// doubles the step. The 16-bit sample is the 13-bit value times 8.
    static let aLawTable: [Int16] = (0..<256).map { byte in
        let code = UInt8(byte) ^ 0x55
        let segment = Int(code >> 4) & 0x07
        let step = Int(code) & 0x0F
        let magnitude = segment == 0 ? (2 * step + 1) << 3 : (2 * step + 33) << (segment + 2)
        return Int16(code & 0x80 != 0 ? magnitude : -magnitude)
    }

    private static func encodeALaw(_ sample: Int16) -> UInt8 {
        // 13-bit scale; a negative value takes its one's complement so that −1 … −8 share the
        // smallest negative step as 0 … 7 share the smallest positive one.
        var value = Int(sample) >> 3
        var sign: UInt8 = 0x80
        if value < 0 {
            value = -value - 1
            sign = 0
        }
        let code: UInt8
        if value >= 0x1000 {
            code = sign | 0x7F  // beyond the last segment: the largest code
        } else if value < 0x20 {
            code = sign | UInt8(value >> 1)
        } else {
            // Segment s ≥ 1 covers 0x10 << s … (0x20 << s) − 1.
            let segment = (Int.bitWidth - value.leadingZeroBitCount) - 5
            code = sign | UInt8(segment << 4) | UInt8((value >> segment) & 0x0F)
        }
        return code ^ 0x55
    }
}
