import Foundation

// WAV files as callers' tools and tests hand them over: headers, chunks, encodings.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    _ = try? WAVFile(data: Data(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
