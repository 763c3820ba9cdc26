import COpenBLAS

/// Dense linear algebra the intent decision needs, on row-major `Double` matrices.
enum SymmetricMatrix {
    /// Replaces the symmetric positive definite `n × n` matrix `a` by its inverse (Cholesky through
    /// LAPACK). Returns false, leaving `a` undefined, when `a` is not positive definite.
    static func invert(_ a: inout [Double], n: Int) -> Bool {
        precondition(a.count == n * n, "a \(n) × \(n) matrix needs \(n * n) values")
        guard n > 0 else { return true }
        var uplo = CChar(UInt8(ascii: "L"))
        var size = Int32(n), lda = Int32(n), info: Int32 = 0
        a.withUnsafeMutableBufferPointer { _ = dpotrf_(&uplo, &size, $0.baseAddress, &lda, &info) }
        guard info == 0 else { return false }
        a.withUnsafeMutableBufferPointer { _ = dpotri_(&uplo, &size, $0.baseAddress, &lda, &info) }
        guard info == 0 else { return false }
        // LAPACK filled the lower triangle in column-major order, that is the upper one read
        // row-major: mirror it.
        for row in 0..<n {
            for column in 0..<row {
                a[row * n + column] = a[column * n + row]
            }
        }
        return true
    }

    /// Solves the small dense system `a · x = b` (`n × n`, row-major) by Gaussian elimination
    /// with partial pivoting; `nil` when `a` is singular.
    static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let n = b.count
        precondition(a.count == n * n, "a \(n) × \(n) matrix needs \(n * n) values")
        var m = a
        var x = b
        for column in 0..<n {
            var pivot = column
            for row in column + 1..<n where abs(m[row * n + column]) > abs(m[pivot * n + column]) { pivot = row }
            guard abs(m[pivot * n + column]) > 1e-300 else { return nil }
            if pivot != column {
                for k in 0..<n { m.swapAt(column * n + k, pivot * n + k) }
                x.swapAt(column, pivot)
            }
            for row in column + 1..<n {
                let factor = m[row * n + column] / m[column * n + column]
                guard factor != 0 else { continue }
                for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[row]
            for k in row + 1..<n { sum -= m[row * n + k] * x[k] }
            x[row] = sum / m[row * n + row]
        }
        return x
    }
}
