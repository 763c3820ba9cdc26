import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only, memory-mapped `.safetensors` file.
///
/// Layout: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape
/// and byte range, then the raw data. Tensors are read in place; pages are loaded by the kernel only
/// when touched, so rows of a large embedding table that are never looked up cost no memory.
public final class SafeTensorsFile: @unchecked Sendable {  // immutable after init; the mapping is read-only
    public struct TensorInfo: Sendable, Equatable {
        public let dtype: String
        public let shape: [Int]
        let begin: Int
        let end: Int
    }

    public let path: String
    public let tensors: [String: TensorInfo]
    private let base: UnsafeRawPointer
    private let length: Int
    private let dataStart: Int

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EmbeddingError.modelFileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw EmbeddingError.modelFileUnreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let length = Int(info.st_size)
        guard length >= 8 else {
            throw EmbeddingError.modelFileInvalid(path: path, reason: "file of \(length) bytes is too short")
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EmbeddingError.modelFileUnreadable(path: path, reason: "mmap: \(String(cString: strerror(errno)))")
        }
        let base = UnsafeRawPointer(mapped)
        do {
            let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
            guard headerLength > 0, headerLength <= length - 8 else {
                throw EmbeddingError.modelFileInvalid(path: path, reason: "header length \(headerLength) exceeds the file")
            }
            let header = Data(bytes: base + 8, count: headerLength)
            self.tensors = try Self.parseHeader(header, dataLength: length - 8 - headerLength, path: path)
            self.dataStart = 8 + headerLength
        } catch {
            munmap(mapped, length)
            throw error
        }
        self.base = base
        self.length = length
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// The float32 tensor `name`, checked against `shape`, as a pointer into the mapping.
    /// The pointer stays valid as long as this file object lives.
    public func float32(_ name: String, shape: [Int]) throws -> UnsafePointer<Float> {
        guard let info = tensors[name] else { throw EmbeddingError.tensorMissing(name) }
        guard info.dtype == "F32" else {
            throw EmbeddingError.modelFileInvalid(path: path, reason: "tensor \(name) is \(info.dtype), expected F32")
        }
        guard info.shape == shape else { throw EmbeddingError.tensorShape(name, expected: shape, found: info.shape) }
        let raw = base + dataStart + info.begin
        guard Int(bitPattern: raw) % MemoryLayout<Float>.alignment == 0 else {
            throw EmbeddingError.modelFileInvalid(path: path, reason: "tensor \(name) is not 4-byte aligned")
        }
        return raw.assumingMemoryBound(to: Float.self)
    }

    /// Tells the kernel that tensor `name` will not be read again (its values were copied), so
    /// its pages leave resident memory. Reading it afterwards still works: the pages come back
    /// from the file.
    public func release(_ name: String) {
        guard let info = tensors[name] else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = dataStart + info.begin
        let end = dataStart + info.end
        let first = (start + page - 1) / page * page
        let last = end / page * page
        guard last > first else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + first, last - first, MADV_DONTNEED)
    }

    private static func parseHeader(_ header: Data, dataLength: Int, path: String) throws -> [String: TensorInfo] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw EmbeddingError.modelFileInvalid(path: path, reason: "header is not JSON: \(error)")
        }
        guard let entries = object as? [String: Any] else {
            throw EmbeddingError.modelFileInvalid(path: path, reason: "header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in entries where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [NSNumber])?.map(\.intValue),
                  let offsets = (entry["data_offsets"] as? [NSNumber])?.map(\.intValue),
                  offsets.count == 2
            else {
                throw EmbeddingError.modelFileInvalid(path: path, reason: "bad header entry for \(name)")
            }
            let (begin, end) = (offsets[0], offsets[1])
            let elementSize = ["F32": 4, "I64": 8, "F16": 2, "BF16": 2, "I32": 4, "F64": 8][dtype] ?? 1
            let expectedBytes = shape.reduce(1, *) * elementSize
            guard begin >= 0, end <= dataLength, end - begin == expectedBytes else {
                throw EmbeddingError.modelFileInvalid(path: path, reason: "tensor \(name) has a bad byte range")
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, begin: begin, end: end)
        }
        return tensors
    }
}
