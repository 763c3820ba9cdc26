/// Turns G.711 bytes that arrive in pieces of any size (a media message, a socket read) into
/// frames of a fixed number of linear samples.
///
/// ```swift
/// var decoder = G711Decoder(law: .muLaw, frameLength: 160)   // 20 ms at 8 kHz
/// decoder.append(payload)
/// while case .frame(let samples) = decoder.decode() {
///     vad.process(samples)
/// }
/// ```
public struct G711Decoder: Sendable {
    /// What ``decode()`` found.
    public enum Output: Sendable, Equatable {
        /// Fewer than `frameLength` bytes are buffered.
        case needMoreData
        /// The next frame.
        case frame([Int16])
    }

    /// The law of the incoming bytes.
    public let law: G711Law
    /// Samples per frame.
    public let frameLength: Int
    private var buffer = G711FrameQueue<UInt8>()

    /// A decoder that hands out frames of `frameLength` samples (at least 1).
    public init(law: G711Law, frameLength: Int = 160) {
        precondition(frameLength > 0, "a G.711 frame holds at least one sample")
        self.law = law
        self.frameLength = frameLength
    }

    /// Bytes buffered that do not yet make a whole frame.
    public var pendingCount: Int { buffer.count }

    /// Buffers more bytes from the line.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, or `.needMoreData`.
    public mutating func decode() -> Output {
        guard let codes = buffer.take(frameLength) else { return .needMoreData }
        return .frame(law.decode(codes))
    }

    /// Buffers `bytes` and returns every whole frame now available.
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [[Int16]] {
        append(bytes)
        var frames: [[Int16]] = []
        while case .frame(let frame) = decode() { frames.append(frame) }
        return frames
    }

    /// The samples of a last partial frame (fewer than `frameLength`), leaving the decoder empty.
    public mutating func flush() -> [Int16] {
        law.decode(buffer.takeAll())
    }
}

/// Turns linear samples in pieces of any size into G.711 frames of a fixed number of bytes.
///
/// ```swift
/// var encoder = G711Encoder(law: .muLaw, frameLength: 160)
/// for frame in encoder.encode(ttsChunk) { send(frame) }
/// ```
public struct G711Encoder: Sendable {
    /// What ``encode()`` found.
    public enum Output: Sendable, Equatable {
        /// Fewer than `frameLength` samples are buffered.
        case needMoreData
        /// The next frame of codes.
        case frame([UInt8])
    }

    /// The law to encode with.
    public let law: G711Law
    /// Codes per frame.
    public let frameLength: Int
    private var buffer = G711FrameQueue<Int16>()

    /// An encoder that hands out frames of `frameLength` codes (at least 1).
    public init(law: G711Law, frameLength: Int = 160) {
        precondition(frameLength > 0, "a G.711 frame holds at least one sample")
        self.law = law
        self.frameLength = frameLength
    }

    /// Samples buffered that do not yet make a whole frame.
    public var pendingCount: Int { buffer.count }

    /// Buffers more samples.
    public mutating func append(_ samples: some Sequence<Int16>) {
        buffer.append(contentsOf: samples)
    }

    /// The next whole frame, or `.needMoreData`.
    public mutating func encode() -> Output {
        guard let samples = buffer.take(frameLength) else { return .needMoreData }
        return .frame(law.encode(samples))
    }

    /// Buffers `samples` and returns every whole frame now available.
    public mutating func encode(_ samples: some Sequence<Int16>) -> [[UInt8]] {
        append(samples)
        var frames: [[UInt8]] = []
        while case .frame(let frame) = encode() { frames.append(frame) }
        return frames
    }

    /// The codes of a last partial frame, leaving the encoder empty. Pad with silence first
    /// when the line needs whole frames.
    public mutating func flush() -> [UInt8] {
        law.encode(buffer.takeAll())
    }
}
