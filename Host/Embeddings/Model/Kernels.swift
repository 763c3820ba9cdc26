/// The element-wise parts of the encoder. GEMMs go to OpenBLAS; these must stay small beside them,
/// so the transcendental functions are evaluated eight lanes at a time without libm calls.
enum Kernels {
    typealias Vector = SIMD8<Float>

    /// `e^x` for eight lanes: `x = n·ln2 + r`, a degree-7 polynomial for `e^r` on |r| ≤ ln2/2,
    /// scaled by 2ⁿ through the exponent bits. Relative error below 2e-7; inputs are clamped to
    /// [-87, 88] so the result is always a finite normal float.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        let clamped = x.clamped(lowerBound: Vector(repeating: -87), upperBound: Vector(repeating: 88))
        // Adding 1.5·2²³ rounds to an integer and leaves it in the low mantissa bits.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        // Cody–Waite: ln2 split in a part exact in float and a small remainder.
        var r = clamped - n * 0.693_145_752
        r = r - n * 1.428_606_8e-6
        var p = Vector(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        let exponent = (integer &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: Vector.self)
    }

    /// |x| for eight lanes, by clearing the sign bits.
    @inline(__always)
    static func magnitude(_ x: Vector) -> Vector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vector.self)
    }

    /// GELU with the exact error function, `x/2 · (1 + erf(x/√2))`, in place.
    ///
    /// erf comes from Abramowitz & Stegun 7.1.26 (absolute error ≤ 1.5e-7), evaluated as the
    /// complement for negative inputs so that the tail does not cancel.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let p: Float = 0.327_591_1
        let a1: Float = 0.254_829_592, a2: Float = -0.284_496_736, a3: Float = 1.421_413_741
        let a4: Float = -1.453_152_027, a5: Float = 1.061_405_429
        var i = 0
        let raw = UnsafeMutableRawPointer(values)
        while i + 8 <= count {
            let x = raw.loadUnaligned(fromByteOffset: i * 4, as: Vector.self)
            let z = magnitude(x) * 0.707_106_781
            let t = 1 / (1 + p * z)
            var poly = Vector(repeating: a5)
            poly = poly * t + a4
            poly = poly * t + a3
            poly = poly * t + a2
            poly = poly * t + a1
            poly = poly * t
            let tail = poly * Self.exp(-(z * z))  // 1 - erf(z)
            let onePlusErf = (2 - tail).replacing(with: tail, where: x .< 0)
            raw.storeBytes(of: 0.5 * x * onePlusErf, toByteOffset: i * 4, as: Vector.self)
            i += 8
        }
        while i < count {
            let x = values[i]
            let z = Swift.abs(x) * 0.707_106_781
            let t = 1 / (1 + p * z)
            let poly = ((((a5 * t + a4) * t + a3) * t + a2) * t + a1) * t
            let tail = poly * Self.exp(Vector(repeating: -(z * z)))[0]
            values[i] = 0.5 * x * (x < 0 ? tail : 2 - tail)
            i += 1
        }
    }

    /// Softmax of each of `rows` rows of `columns` values, in place (`stride` floats apart).
    static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        for row in 0..<rows {
            let v = values + row * stride
            var maximum = -Float.infinity
            for j in 0..<columns { maximum = Swift.max(maximum, v[j]) }
            var sum: Float = 0
            var j = 0
            let raw = UnsafeMutableRawPointer(v)
            while j + 8 <= columns {
                let e = Self.exp(raw.loadUnaligned(fromByteOffset: j * 4, as: Vector.self) - maximum)
                raw.storeBytes(of: e, toByteOffset: j * 4, as: Vector.self)
                sum += e.sum()
                j += 8
            }
            if j < columns {
                var lanes = Vector(repeating: -Float.infinity)
                for k in j..<columns { lanes[k - j] = v[k] }
                let e = Self.exp(lanes - maximum)
                for k in j..<columns {
                    v[k] = e[k - j]
                    sum += e[k - j]
                }
            }
            let inverse = 1 / sum
            for k in 0..<columns { v[k] *= inverse }
        }
    }

    /// `rows[i] = layerNorm(rows[i] + residual[i])` over `width` values, in place in `rows`.
    static func addAndNormalize(
        _ rows: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, count: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        for row in 0..<count {
            let v = rows + row * width
            if let residual {
                let r = residual + row * width
                for j in 0..<width { v[j] += r[j] }
            }
            var mean: Float = 0
            for j in 0..<width { mean += v[j] }
            mean /= Float(width)
            var variance: Float = 0
            for j in 0..<width {
                let d = v[j] - mean
                variance += d * d
            }
            variance /= Float(width)
            let scale = 1 / (variance + epsilon).squareRoot()
            for j in 0..<width { v[j] = (v[j] - mean) * scale * gamma[j] + beta[j] }
        }
    }

    /// Writes `bias` into each of `rows` rows of `width` values (the C of a GEMM with beta = 1).
    static func broadcastRows(_ destination: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, rows: Int, width: Int) {
        for row in 0..<rows {
            (destination + row * width).update(from: bias, count: width)
        }
    }
}
