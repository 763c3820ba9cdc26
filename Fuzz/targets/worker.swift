import Foundation

// What a plugin worker sends its host: a plugin running in the worker can write anything to the
// socket, so the host's decoder of worker frames is a boundary. Any bytes, as a reply and as a
// request: an error or a message, never a crash; a message that decodes encodes and decodes again
// to the same kind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorker(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    if let reply = try? WorkerCodec.decodeReply(bytes), let again = try? WorkerCodec.encode(reply) {
        guard (try? WorkerCodec.decodeReply(again)) != nil else { fatalError("a decoded reply does not decode after encoding") }
    }
    if let request = try? WorkerCodec.decodeRequest(bytes), let again = try? WorkerCodec.encode(request) {
        guard (try? WorkerCodec.decodeRequest(again)) != nil else { fatalError("a decoded request does not decode after encoding") }
    }
    return 0
}
