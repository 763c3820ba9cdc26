import Foundation
import Speech
import TestSupport
import Testing

@Suite struct WAVTests {
    static let samples: [Int16] = (0..<1_601).map { Int16(truncatingIfNeeded: ($0 * 977) % 65_536 - 32_768) }

    @Test(arguments: [8_000, 16_000, 44_100])
    func pcmRoundTripsThroughAFile(rate: Int) throws {
        let folder = try TestPaths.temporaryDirectory("wav")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("a.wav")
        try WAVFile(sampleRate: rate, samples: Self.samples).write(to: url)
        let read = try WAVFile(contentsOf: url)
        #expect(read.sampleRate == rate)
        #expect(read.samples == Self.samples)
        #expect(read.encoding == .pcm16)
        #expect(try Data(contentsOf: url).count == 44 + 2 * Self.samples.count)
    }

    @Test func muLawRoundTripsToTheCodecsValues() throws {
        let wav = WAVFile(sampleRate: 8_000, samples: Self.samples)
        let bytes = wav.encoded(as: .muLaw)
        #expect(bytes.count % 2 == 0)  // odd data is padded
        let read = try WAVFile(data: bytes)
        #expect(read.encoding == .muLaw)
        #expect(read.sampleRate == 8_000)
        #expect(read.samples == G711Law.muLaw.decode(G711Law.muLaw.encode(Self.samples)))
    }

    /// A header built by hand, field by field, as another tool would write it.
    static func header(format: UInt16, channels: UInt16 = 1, rate: UInt32 = 8_000, bits: UInt16, extra: [UInt8] = [], dataSize: UInt32? = nil, data: [UInt8]) -> Data {
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
        let blockAlign = channels * bits / 8
        var fmt = le16(format) + le16(channels) + le32(rate) + le32(rate * UInt32(blockAlign)) + le16(blockAlign) + le16(bits)
        fmt += extra
        var body = Array("WAVE".utf8)
        body += Array("fmt ".utf8) + le32(UInt32(fmt.count)) + fmt
        body += Array("LIST".utf8) + le32(5) + Array("INFOx".utf8) + [0]  // odd chunk, padded
        body += Array("data".utf8) + le32(dataSize ?? UInt32(data.count)) + data
        return Data(Array("RIFF".utf8) + le32(UInt32(body.count)) + body)
    }

    @Test func readsOtherWritersFiles() throws {
        // 16-bit PCM with an unrelated chunk before the data.
        let pcm = try WAVFile(data: Self.header(format: 1, bits: 16, data: [0x01, 0x00, 0xFF, 0x7F, 0x00, 0x80]))
        #expect(pcm.samples == [1, 32_767, -32_768])
        // μ-law with a cbSize field.
        let mu = try WAVFile(data: Self.header(format: 7, rate: 8_000, bits: 8, extra: [0, 0], data: [0xFF, 0x80, 0x00]))
        #expect(mu.samples == [0, 32_124, -32_124])
        // WAVE_FORMAT_EXTENSIBLE carrying PCM.
        let guidTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        let extensible = [22, 0, 16, 0, 4, 0, 0, 0] + [0x01, 0x00] + guidTail
        let ext = try WAVFile(data: Self.header(format: 0xFFFE, rate: 16_000, bits: 16, extra: extensible, data: [0x02, 0x00]))
        #expect(ext.samples == [2])
        #expect(ext.sampleRate == 16_000)
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func errorsNameTheFileAndTheReason() throws {
        let cases: [(Data, String)] = [
            (Data("hello, not a wav file at all".utf8), "not a WAV file"),
            (Data("RIFF\u{24}\0\0\0AVI LIST".utf8), "not WAVE"),
            (Self.header(format: 1, channels: 2, bits: 16, data: [0, 0, 0, 0]), "2 channels"),
            (Self.header(format: 1, bits: 24, data: [0, 0, 0]), "24-bit PCM"),
            (Self.header(format: 3, bits: 32, data: [0, 0, 0, 0]), "format 3 (IEEE float)"),
            (Self.header(format: 6, bits: 8, data: [0]), "format 6 (A-law)"),
            (Self.header(format: 1, bits: 16, dataSize: 1_000, data: [0, 0]), "truncated"),
            (Self.header(format: 1, bits: 16, data: [0, 0, 0]), "ends inside a sample"),
            (Data("RIFF".utf8), "truncated"),
            (Data(Array(Self.header(format: 1, bits: 16, data: [0, 0]).prefix(30))), "truncated"),
        ]
        for (bytes, reason) in cases {
            let text = Self.message { _ = try WAVFile(data: bytes, name: "call-17.wav") }
            #expect(text.hasPrefix("call-17.wav: "), "\(text)")
            #expect(text.contains(reason), "expected “\(reason)” in: \(text)")
        }
        // No data chunk at all.
        var noData = [UInt8](Self.header(format: 1, bits: 16, data: []))
        noData.removeLast(8)
        let text = Self.message { _ = try WAVFile(data: Data(noData), name: "x.wav") }
        #expect(text.contains("no 'data' chunk"), "\(text)")
    }

    @Test func missingFileAndUnwritablePath() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/folder/gone.wav")
        let read = Self.message { _ = try WAVFile(contentsOf: missing) }
        #expect(read.hasPrefix("/nonexistent/folder/gone.wav: cannot be read"), "\(read)")
        let write = Self.message { try WAVFile(sampleRate: 8_000, samples: [0]).write(to: missing) }
        #expect(write.hasPrefix("/nonexistent/folder/gone.wav: cannot be written"), "\(write)")
    }

    @Test func durationFollowsTheRate() {
        #expect(WAVFile(sampleRate: 8_000, samples: [Int16](repeating: 0, count: 4_000)).duration == .milliseconds(500))
        #expect(WAVFile(sampleRate: 16_000, samples: [Int16](repeating: 0, count: 160)).duration == .milliseconds(10))
    }
}
