import Foundation

/// A mono WAV file: RIFF/WAVE with 16-bit PCM or G.711 μ-law samples, at any sample rate.
///
/// Reading accepts PCM (format 1) 16-bit and μ-law (format 7) 8-bit mono, also inside
/// `WAVE_FORMAT_EXTENSIBLE`, skipping chunks it does not need (`LIST`, `fact`, …). Anything else
/// (stereo, 24-bit, A-law, a truncated file, not RIFF) throws a ``WAVError`` that names the file
/// and the reason. Writing produces 16-bit PCM unless asked for μ-law.
///
/// ```swift
/// let wav = try WAVFile(contentsOf: url)            // 8 kHz μ-law from a call recording
/// let up = try Resampler(from: wav.sampleRate, to: 16_000)
/// try WAVFile(sampleRate: 16_000, samples: up.process(wav.samples) + up.flush()).write(to: out)
/// ```
public struct WAVFile: Sendable, Equatable {
    /// How samples are stored in a file.
    public enum Encoding: String, Sendable {
        /// Linear 16-bit little-endian PCM.
        case pcm16 = "16-bit PCM"
        /// G.711 μ-law, one byte per sample.
        case muLaw = "μ-law"
    }

    /// Samples per second.
    public var sampleRate: Int
    /// The samples, linear 16-bit (μ-law files are decoded).
    public var samples: [Int16]
    /// How the samples were stored in the file they were read from (``pcm16`` for new audio).
    public var encoding: Encoding

    /// Audio to write.
    public init(sampleRate: Int, samples: [Int16], encoding: Encoding = .pcm16) {
        self.sampleRate = sampleRate
        self.samples = samples
        self.encoding = encoding
    }

    /// The length of the audio.
    public var duration: Duration {
        guard sampleRate > 0 else { return .zero }
        return AudioTime.duration(samples: samples.count, rate: sampleRate)
    }

    // MARK: Reading

    /// Reads the file at `url`.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw WAVError(url.path, .unreadable(error.localizedDescription))
        }
        try self.init(data: data, name: url.path)
    }

    /// Reads WAV bytes; `name` is what errors call them.
    public init(data: Data, name: String = "WAV data") throws {
        let bytes = [UInt8](data)
        func fail(_ reason: WAVError.Reason) -> WAVError { WAVError(name, reason) }

        guard bytes.count >= 12 else {
            throw fail(bytes.starts(with: Array("RIFF".utf8)) ? .truncated("the RIFF header is cut short") : .notRIFF)
        }
        guard bytes[0..<4].elementsEqual("RIFF".utf8) else { throw fail(.notRIFF) }
        guard bytes[8..<12].elementsEqual("WAVE".utf8) else { throw fail(.notWAVE) }

        var format: Format?
        var payload: ArraySlice<UInt8>?
        var offset = 12
        while offset + 8 <= bytes.count, payload == nil {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(Self.uint32(bytes, offset + 4))
            let body = offset + 8
            guard size <= bytes.count - body else {
                throw fail(.truncated("the '\(id)' chunk declares \(size) bytes, \(bytes.count - body) remain"))
            }
            switch id {
            case "fmt ": format = try Format(bytes[body..<body + size], fail: fail)
            case "data":
                guard format != nil else { throw fail(.dataBeforeFormat) }
                payload = bytes[body..<body + size]
            default: break
            }
            offset = body + size + (size & 1)  // chunks are padded to an even length
        }
        guard let format else { throw fail(.missingChunk("fmt ")) }
        guard let payload else { throw fail(.missingChunk("data")) }

        switch format.encoding {
        case .pcm16:
            guard payload.count % 2 == 0 else { throw fail(.truncated("the data chunk ends inside a sample")) }
            var samples = [Int16](repeating: 0, count: payload.count / 2)
            var index = payload.startIndex
            for i in samples.indices {
                samples[i] = Int16(bitPattern: UInt16(payload[index]) | UInt16(payload[index + 1]) << 8)
                index += 2
            }
            self.init(sampleRate: format.sampleRate, samples: samples, encoding: .pcm16)
        case .muLaw:
            self.init(sampleRate: format.sampleRate, samples: G711Law.muLaw.decode(payload), encoding: .muLaw)
        }
    }

    /// What a `fmt ` chunk says, once checked.
    private struct Format {
        let encoding: Encoding
        let sampleRate: Int

        init(_ chunk: ArraySlice<UInt8>, fail: (WAVError.Reason) -> WAVError) throws {
            let fmt = Array(chunk)
            guard fmt.count >= 16 else { throw fail(.truncated("the fmt chunk has \(fmt.count) bytes, needs 16")) }
            var tag = Int(WAVFile.uint16(fmt, 0))
            let channels = Int(WAVFile.uint16(fmt, 2))
            let rate = Int(WAVFile.uint32(fmt, 4))
            let bits = Int(WAVFile.uint16(fmt, 14))
            if tag == 0xFFFE {
                // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
                guard fmt.count >= 26 else { throw fail(.truncated("the extensible fmt chunk has \(fmt.count) bytes, needs 26")) }
                tag = Int(WAVFile.uint16(fmt, 24))
            }
            guard channels == 1 else { throw fail(.notMono(channels)) }
            guard rate > 0 else { throw fail(.invalidSampleRate(rate)) }
            switch (tag, bits) {
            case (1, 16): encoding = .pcm16
            case (7, 8): encoding = .muLaw
            case (1, _), (7, _): throw fail(.unsupportedBits(bits, format: tag == 1 ? "PCM" : "μ-law"))
            default: throw fail(.unsupportedFormat(tag))
            }
            sampleRate = rate
        }
    }

    // MARK: Writing

    /// The file's bytes: a canonical 44-byte header and 16-bit PCM, or for ``Encoding/muLaw`` a
    /// format-7 header with a `fact` chunk and one byte per sample.
    public func encoded(as encoding: Encoding = .pcm16) -> Data {
        var out: [UInt8] = []
        let bytesPerSample = encoding == .pcm16 ? 2 : 1
        let dataSize = samples.count * bytesPerSample
        let fmtSize = encoding == .pcm16 ? 16 : 18
        let factSize = encoding == .pcm16 ? 0 : 12
        let padding = dataSize & 1
        out.reserveCapacity(12 + 8 + fmtSize + factSize + 8 + dataSize + padding)
        out += Array("RIFF".utf8)
        Self.append32(&out, 4 + (8 + fmtSize) + factSize + (8 + dataSize + padding))
        out += Array("WAVE".utf8)
        out += Array("fmt ".utf8)
        Self.append32(&out, fmtSize)
        Self.append16(&out, encoding == .pcm16 ? 1 : 7)
        Self.append16(&out, 1)  // mono
        Self.append32(&out, sampleRate)
        Self.append32(&out, sampleRate * bytesPerSample)
        Self.append16(&out, bytesPerSample)
        Self.append16(&out, bytesPerSample * 8)
        if encoding == .muLaw {
            Self.append16(&out, 0)  // cbSize: no extension
            out += Array("fact".utf8)
            Self.append32(&out, 4)
            Self.append32(&out, samples.count)
        }
        out += Array("data".utf8)
        Self.append32(&out, dataSize)
        switch encoding {
        case .pcm16:
            for sample in samples {
                let bits = UInt16(bitPattern: sample)
                out.append(UInt8(bits & 0xFF))
                out.append(UInt8(bits >> 8))
            }
        case .muLaw:
            out += G711Law.muLaw.encode(samples)
        }
        if padding == 1 { out.append(0) }
        return Data(out)
    }

    /// Writes the file (16-bit PCM unless `encoding` says μ-law), replacing any file at `url`.
    public func write(to url: URL, as encoding: Encoding = .pcm16) throws {
        do {
            try encoded(as: encoding).write(to: url, options: .atomic)
        } catch {
            throw WAVError(url.path, .unwritable(error.localizedDescription))
        }
    }

    // MARK: Bytes

    fileprivate static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    fileprivate static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    private static func append16(_ out: inout [UInt8], _ value: Int) {
        out.append(UInt8(value & 0xFF))
        out.append(UInt8((value >> 8) & 0xFF))
    }

    private static func append32(_ out: inout [UInt8], _ value: Int) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((value >> shift) & 0xFF)) }
    }
}

/// Why a WAV file could not be read or written; the message names the file.
public struct WAVError: Error, CustomStringConvertible, Equatable {
    fileprivate enum Reason: Equatable {
        case unreadable(String)
        case unwritable(String)
        case notRIFF
        case notWAVE
        case truncated(String)
        case missingChunk(String)
        case dataBeforeFormat
        case notMono(Int)
        case unsupportedBits(Int, format: String)
        case unsupportedFormat(Int)
        case invalidSampleRate(Int)
    }

    /// The file (or the name given to the bytes).
    public let file: String
    private let reason: Reason

    fileprivate init(_ file: String, _ reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        "\(file): \(self.explanation)"
    }

    private var explanation: String {
        switch reason {
        case .unreadable(let why): "cannot be read (\(why))"
        case .unwritable(let why): "cannot be written (\(why))"
        case .notRIFF: "not a WAV file (no RIFF header)"
        case .notWAVE: "a RIFF file but not WAVE audio"
        case .truncated(let what): "truncated: \(what)"
        case .missingChunk(let id): "no '\(id)' chunk"
        case .dataBeforeFormat: "the data chunk comes before the fmt chunk"
        case .notMono(let channels): "\(channels) channels; only mono is supported"
        case .unsupportedBits(let bits, let format): "\(bits)-bit \(format); only 16-bit PCM and 8-bit μ-law are supported"
        case .unsupportedFormat(let tag): "format \(tag) (\(Self.formatName(tag))); only PCM (1) and μ-law (7) are supported"
        case .invalidSampleRate(let rate): "sample rate \(rate) Hz"
        }
    }

    private static func formatName(_ tag: Int) -> String {
        switch tag {
        case 2: "MS ADPCM"
        case 3: "IEEE float"
        case 6: "A-law"
        case 0x11: "IMA ADPCM"
        case 0x55: "MP3"
        default: "unknown"
        }
    }
}
