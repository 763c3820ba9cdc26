import CSpeexDSP
import Locks

/// A streaming sample-rate converter for 16-bit mono audio over speexdsp: 8 → 16 kHz for the
/// recogniser, 16 → 8 kHz (Flite's rate) for the line.
///
/// Chunks of any size go in; the filter state carries over between calls, so the output does
/// not depend on how the input was split. The output is aligned with the input (the filter's
/// leading zeros are skipped): output sample `k · to / from` belongs to input sample `k`, and
/// the last ``delay`` input samples stay in the filter until more input or ``flush()``.
///
/// ```swift
/// let up = try Resampler(from: 8_000, to: 16_000)
/// for frame in lineFrames { recogniser.feed(up.process(frame)) }
/// ```
///
/// The state sits behind a lock, so a resampler may be handed between tasks; one stream of audio
/// per resampler all the same (a call's uplink and downlink each have their own).
public final class Resampler: Sendable {
    /// Input sample rate in Hz.
    public let inputRate: Int
    /// Output sample rate in Hz.
    public let outputRate: Int
    /// speexdsp quality, 0 (fastest) … 10 (best).
    public let quality: Int
    private let state: Mutex<SpeexState>

    /// A resampler from `inputRate` to `outputRate` Hz at speexdsp `quality` (0 … 10; 3–5 give
    /// 3–5 ms delay and 87–98 dB alias rejection).
    public init(from inputRate: Int, to outputRate: Int, quality: Int = 4) throws {
        guard inputRate > 0, outputRate > 0, inputRate <= Int(UInt32.max), outputRate <= Int(UInt32.max) else {
            throw ResamplerError.invalidRates(inputRate, outputRate)
        }
        guard (0...10).contains(quality) else { throw ResamplerError.invalidQuality(quality) }
        var error: Int32 = 0
        guard let handle = speex_resampler_init(1, UInt32(inputRate), UInt32(outputRate), Int32(quality), &error) else {
            throw ResamplerError.speex(code: error, message: Self.message(error))
        }
        speex_resampler_skip_zeros(handle)
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.quality = quality
        self.state = Mutex(SpeexState(handle: handle))
    }

    deinit {
        state.withLock { speex_resampler_destroy($0.handle) }
    }

    /// Converts the next chunk of the stream. The result holds every output sample the input so
    /// far determines: about `samples.count · to / from`, fewer at the start (see ``delay``).
    public func process(_ samples: [Int16]) -> [Int16] {
        guard !samples.isEmpty else { return [] }
        return state.withLock { state in
            samples.withUnsafeBufferPointer { input in
                Self.run(state.handle, input, ratio: (outputRate, inputRate))
            }
        }
    }

    /// The output still held in the filter (about ``delay`` input samples' worth), pushed out
    /// with silence; the resampler is then cleared for a new stream.
    public func flush() -> [Int16] {
        state.withLock { state in
            let latency = Int(speex_resampler_get_input_latency(state.handle))
            let expected = latency * outputRate / inputRate
            let zeros = [Int16](repeating: 0, count: latency)
            var tail = zeros.withUnsafeBufferPointer { Self.run(state.handle, $0, ratio: (outputRate, inputRate)) }
            if tail.count > expected { tail.removeLast(tail.count - expected) }
            speex_resampler_reset_mem(state.handle)
            speex_resampler_skip_zeros(state.handle)
            return tail
        }
    }

    /// Forgets the stream so far (a barge-in, a new utterance): the filter memory is zeroed and
    /// the next output is aligned with the next input again.
    public func clear() {
        state.withLock { state in
            speex_resampler_reset_mem(state.handle)
            speex_resampler_skip_zeros(state.handle)
        }
    }

    /// The input latency in input samples: how far the output lags the input in a stream (48 at
    /// quality 4, 6 ms at 8 kHz).
    public var delay: Int {
        state.withLock { Int(speex_resampler_get_input_latency($0.handle)) }
    }

    /// ``delay`` as a duration.
    public var delayDuration: Duration {
        AudioTime.duration(samples: delay, rate: inputRate)
    }

    private static func run(_ handle: OpaquePointer, _ input: UnsafeBufferPointer<Int16>, ratio: (Int, Int)) -> [Int16] {
        guard let base = input.baseAddress else { return [] }
        var output: [Int16] = []
        output.reserveCapacity(input.count * ratio.0 / ratio.1 + 8)
        let scratchCount = 1024
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: scratchCount) { scratch in
            var consumed = 0
            while consumed < input.count {
                var inLength = UInt32(input.count - consumed)
                var outLength = UInt32(scratchCount)
                speex_resampler_process_int(handle, 0, base + consumed, &inLength, scratch.baseAddress, &outLength)
                output.append(contentsOf: scratch.prefix(Int(outLength)))
                consumed += Int(inLength)
                if inLength == 0 && outLength == 0 { break }  // cannot happen with room to write; never spin
            }
            return output
        }
    }

    private static func message(_ code: Int32) -> String {
        speex_resampler_strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }
}

/// The speexdsp handle, owned by one ``Resampler`` and only touched under its lock.
private struct SpeexState: @unchecked Sendable {  // a raw C handle; every use holds the Mutex
    let handle: OpaquePointer
}

/// Why a ``Resampler`` could not be made.
public struct ResamplerError: Error, CustomStringConvertible, Equatable {
    private enum Reason: Equatable {
        case invalidRates(Int, Int)
        case invalidQuality(Int)
        case speex(code: Int32, message: String)
    }

    private let reason: Reason
    private init(_ reason: Reason) { self.reason = reason }

    static func invalidRates(_ from: Int, _ to: Int) -> Self { Self(.invalidRates(from, to)) }
    static func invalidQuality(_ quality: Int) -> Self { Self(.invalidQuality(quality)) }
    static func speex(code: Int32, message: String) -> Self { Self(.speex(code: code, message: message)) }

    public var description: String {
        switch reason {
        case .invalidRates(let from, let to):
            "resampler: sample rates must be positive (asked \(from) Hz → \(to) Hz)"
        case .invalidQuality(let quality):
            "resampler: quality must be 0 … 10 (asked \(quality))"
        case .speex(let code, let message):
            "resampler: speexdsp refused (\(code): \(message))"
        }
    }
}
