/// Checks a file's ELF headers before the dynamic loader sees it. `dlopen` maps a library's
/// segments where its program headers say; a file cut short maps pages past its end, and the
/// first touch of one kills the process with SIGBUS inside the loader (a truncated copy of a
/// bundled plugin did exactly that). Everything the loader will map must be in the file.
///
/// Pure: bytes in, a refusal reason or nothing out.
enum ELFCheck {
    /// `EM_X86_64` or `EM_AARCH64`, whichever this host is.
    static var hostMachine: UInt16 {
        #if arch(x86_64)
        62
        #elseif arch(arm64)
        183
        #else
        0
        #endif
    }

    /// Why `bytes` cannot be a shared library for this host, or nil when its headers hold up.
    static func problem(in bytes: [UInt8]) -> String? {
        let size = UInt64(bytes.count)
        guard size >= 64 else { return "not a loadable shared library (\(size) bytes, too short for an ELF header)" }
        guard bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            return "not a loadable shared library (no ELF header)"
        }
        guard bytes[4] == 2 else { return "not a loadable shared library (not a 64-bit ELF file)" }
        guard bytes[5] == 1 else { return "not a loadable shared library (not a little-endian ELF file)" }
        func u16(_ at: UInt64) -> UInt16 { UInt16(bytes[Int(at)]) | UInt16(bytes[Int(at) + 1]) << 8 }
        func u32(_ at: UInt64) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[Int(at) + $1]) << (8 * UInt32($1)) } }
        func u64(_ at: UInt64) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[Int(at) + $1]) << (8 * UInt64($1)) } }
        guard u16(16) == 3 else { return "not a loadable shared library (ELF type \(u16(16)), not ET_DYN)" }
        let machine = u16(18)
        guard hostMachine == 0 || machine == hostMachine else {
            return "not a loadable shared library: built for another processor (ELF machine \(machine); this host is \(hostMachine))"
        }
        let programHeaders = u64(32)
        let sectionHeaders = u64(40)
        let programHeaderSize = UInt64(u16(54))
        let programHeaderCount = UInt64(u16(56))
        let sectionHeaderSize = UInt64(u16(58))
        let sectionHeaderCount = UInt64(u16(60))
        guard programHeaderCount > 0, programHeaderSize >= 56 else { return "not a loadable shared library (no program headers)" }
        let (tableEnd, tableOverflow) = programHeaders.addingReportingOverflow(programHeaderSize * programHeaderCount)
        guard !tableOverflow, tableEnd <= size else {
            return "not a loadable shared library: the file is cut short (\(size) bytes; its program headers end at byte \(tableEnd))"
        }
        if sectionHeaderCount > 0 {
            let (end, overflow) = sectionHeaders.addingReportingOverflow(sectionHeaderSize * sectionHeaderCount)
            guard !overflow, end <= size else { return "not a loadable shared library: the file is cut short (\(size) bytes; its section headers end at byte \(end))" }
        }
        for index in 0..<programHeaderCount {
            let header = programHeaders + index * programHeaderSize
            let type = u32(header)
            // PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_TLS, PT_GNU_EH_FRAME: read from the file.
            guard [1, 2, 3, 4, 7, 0x6474_E550].contains(type) else { continue }
            let offset = u64(header + 8)
            let fileSize = u64(header + 32)
            let (end, overflow) = offset.addingReportingOverflow(fileSize)
            guard !overflow, end <= size else {
                return "not a loadable shared library: the file is cut short (\(size) bytes; a segment it maps ends at byte \(end))"
            }
        }
        return nil
    }
}
