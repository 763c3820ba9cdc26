import CKernels
import COpenBLAS
import Foundation
import Testing



/// The C kernels against plain reference computations, for every instruction-set variant this
/// CPU can run (the dispatcher caps a level the CPU lacks, so those runs repeat a lower one).
@Suite("C kernels")
struct KernelTests {
    static let levels: [Int32] = [Int32(SD_KERNELS_BASELINE), Int32(SD_KERNELS_AVX2), Int32(SD_KERNELS_AVX512)]

    struct Generator {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
        mutating func values(_ count: Int) -> [Float] { (0..<count).map { _ in next() } }
    }

    @Test("packed dense layer equals OpenBLAS for odd row counts", arguments: levels, [1, 5, 6, 7, 13, 40])
    func linear(level: Int32, rows: Int) {
        var random = Generator(state: UInt64(rows) &* 977 &+ UInt64(level))
        let (inputs, outputs) = (96, 192)
        let x = random.values(rows * inputs)
        let w = random.values(outputs * inputs)
        let bias = random.values(outputs)
        var packed = [Float](repeating: 0, count: outputs * inputs)
        sd_pack_rows_weights(w, Int32(outputs), Int32(inputs), &packed)
        var y = [Float](repeating: .nan, count: rows * outputs)
        sd_linear_rows_at(level, x, Int32(rows), Int32(inputs), packed, bias, Int32(outputs), &y)

        var expected = (0..<rows).flatMap { _ in bias }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs),
            1, x, Int32(inputs), w, Int32(inputs), 1, &expected, Int32(outputs)
        )
        let worst = zip(y, expected).map { abs($0 - $1) }.max() ?? .nan
        #expect(worst < 1e-4, "level \(level), \(rows) rows: max difference \(worst)")
    }

    @Test("GELU matches x/2·(1 + erf(x/√2)) from libm, tails included")
    func gelu() {
        let xs: [Float] = stride(from: -12, through: 12, by: 0.01).map { Float($0) } + [0, -0, 30, -30, 1e-8]
        var values = xs
        sd_gelu(&values, values.count)
        for (x, y) in zip(xs, values) {
            let exact = Float(0.5 * Double(x) * (1 + erf(Double(x) / 2.0.squareRoot())))
            #expect(abs(y - exact) <= 1e-6 + 1e-6 * abs(exact), "gelu(\(x)) = \(y), expected \(exact)")
        }
    }

    @Test("attention equals a direct softmax(QKᵀ/√d)·V", arguments: [1, 3, 17, 40])
    func attention(tokens n: Int) {
        var random = Generator(state: UInt64(n) &+ 5)
        let (heads, d) = (3, 32)
        let hidden = heads * d
        let qkv = random.values(n * 3 * hidden).map { $0 * 3 }
        var context = [Float](repeating: .nan, count: n * hidden)
        sd_attention(qkv, Int32(n), Int32(heads), Int32(d), &context)
        for h in 0..<heads {
            for i in 0..<n {
                var scores = (0..<n).map { j in
                    (0..<d).reduce(0.0) { $0 + Double(qkv[i * 3 * hidden + h * d + $1]) * Double(qkv[j * 3 * hidden + hidden + h * d + $1]) }
                        / Double(d).squareRoot()
                }
                let top = scores.max()!
                scores = scores.map { exp($0 - top) }
                let sum = scores.reduce(0, +)
                for k in 0..<d {
                    let expected = (0..<n).reduce(0.0) { $0 + scores[$1] / sum * Double(qkv[$1 * 3 * hidden + 2 * hidden + h * d + k]) }
                    #expect(abs(Double(context[i * hidden + h * d + k]) - expected) < 1e-4)
                }
            }
        }
    }

    @Test("layer norm with and without a residual")
    func layerNorm() {
        var random = Generator(state: 42)
        let (rows, width) = (3, 48)
        let x = random.values(rows * width).map { $0 * 5 + 2 }
        let residual = random.values(rows * width)
        let gamma = random.values(width)
        let beta = random.values(width)
        for useResidual in [false, true] {
            var values = x
            sd_add_layer_norm(&values, useResidual ? residual : nil, Int32(rows), Int32(width), gamma, beta, 1e-12)
            for r in 0..<rows {
                let row = (0..<width).map { Double(x[r * width + $0]) + (useResidual ? Double(residual[r * width + $0]) : 0) }
                let mean = row.reduce(0, +) / Double(width)
                let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
                for j in 0..<width {
                    let expected = (row[j] - mean) / (variance + 1e-12).squareRoot() * Double(gamma[j]) + Double(beta[j])
                    #expect(abs(Double(values[r * width + j]) - expected) < 1e-4)
                }
            }
        }
    }
}
