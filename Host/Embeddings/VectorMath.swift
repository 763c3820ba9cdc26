/// Small vector helpers shared by the encoder and the index.
public enum VectorMath {
    /// Scales `vector` to unit length in place; a zero vector stays zero.
    public static func normalize(_ vector: UnsafeMutableBufferPointer<Float>) {
        var sum: Float = 0
        for x in vector { sum += x * x }
        guard sum > 0 else { return }
        let inverse = 1 / sum.squareRoot()
        for i in vector.indices { vector[i] *= inverse }
    }

    /// `vector` scaled to unit length; a zero vector stays zero.
    public static func normalized(_ vector: [Float]) -> [Float] {
        var copy = vector
        copy.withUnsafeMutableBufferPointer { normalize($0) }
        return copy
    }

    /// The dot product of two vectors of equal length (the cosine when both are unit length).
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "vectors of different lengths")
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// The cosine similarity of two vectors of any length scale.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let norms = (dot(a, a) * dot(b, b)).squareRoot()
        return norms > 0 ? dot(a, b) / norms : 0
    }
}
