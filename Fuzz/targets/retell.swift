// The text protocol's messages (Retell-style): the decoder, then what the session value does
// with each decoded message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRetell(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
        _ = try? RetellInbound.decode(String(decoding: line, as: UTF8.self))
    }
    return 0
}
