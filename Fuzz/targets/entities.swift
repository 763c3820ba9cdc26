// Compiled inside the Core module (its internal caller signals are reached too).
// Spoken entities in whatever a recogniser or a caller's keyboard produces, with and without
// an expected kind.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEntities(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let extractor = EntityExtractor(today: CalendarDay(year: 2026, month: 11, day: 25)!)
    let kinds = EntityKind.allCases
    let choice = Int(bytes[0])
    _ = extractor.extract(text, expecting: choice < kinds.count ? kinds[choice] : nil)
    _ = CallerSignals(text)
    return 0
}
