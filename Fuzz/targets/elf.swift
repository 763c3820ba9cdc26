// The ELF check before dlopen: any bytes, never a crash, never a read past the end.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    _ = ELFCheck.problem(in: Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
