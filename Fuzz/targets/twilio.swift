// Twilio media-stream frames: the decoder and the session value (state machine) that takes them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTwilio(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // One input is several frames, split at newlines: a session meets them in order.
    var session = TwilioStreamSession()
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
        let text = String(decoding: line, as: UTF8.self)
        _ = try? TwilioInbound.decode(text)
        _ = session.receive(text: text)
    }
    return 0
}
