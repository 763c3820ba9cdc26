// Server-sent events as an OpenAI-compatible server streams them, cut at arbitrary points, into
// the chat stream assembler (content, tool calls, usage, errors).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSSE(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // The first byte chooses where the stream is cut into reads.
    let step = Int(bytes[0]) % 17 + 1
    var decoder = ServerSentEventDecoder()
    var assembler = ChatStreamAssembler()
    var offset = 1
    while offset < bytes.count {
        let end = min(offset + step, bytes.count)
        guard let events = try? decoder.feed(bytes[offset..<end]) else { return 0 }
        for event in events { _ = try? assembler.apply(event) }
        offset = end
    }
    if let last = decoder.finish() { _ = try? assembler.apply(last) }
    return 0
}
