/// Reads the fields of a spec a plugin passed, one at a time and only within the `size` it
/// declared: a plugin built against an older header passes a shorter struct, and reading the whole
/// struct (`pointee`) would read past it.
struct SpecFields<Spec> {
    let base: UnsafeRawPointer
    /// The size the plugin declared (its first field).
    let size: Int

    init(_ spec: UnsafePointer<Spec>) {
        base = UnsafeRawPointer(spec)
        size = Int(base.load(as: UInt32.self))
    }

    /// The field, or `nil` when the plugin's struct ends before it (a field appended later).
    subscript<Value>(_ field: KeyPath<Spec, Value>) -> Value? {
        guard let offset = MemoryLayout<Spec>.offset(of: field), offset + MemoryLayout<Value>.size <= size else { return nil }
        return base.load(fromByteOffset: offset, as: Value.self)
    }
}
