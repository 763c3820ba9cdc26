import COpenBLAS

/// Runs the BERT encoder forward pass with mean pooling and L2 normalisation.
///
/// Sequences of a batch are *packed*: their tokens are stacked into one `[tokens, hidden]` matrix
/// with no padding, so every dense layer is one GEMM over real tokens only, and attention runs per
/// sequence over that sequence's own tokens — exactly what BERT's attention mask computes, without
/// the wasted rows. An encoder owns scratch memory and is used by one thread at a time.
public final class MiniLMEncoder {
    public let weights: MiniLMWeights
    private let workspace = Workspace()

    public init(weights: MiniLMWeights) {
        self.weights = weights
    }

    /// Embeddings of `sequences` (token ids with `[CLS]`/`[SEP]`), each `hidden` floats, unit length.
    public func embed(_ sequences: [[Int32]]) -> [[Float]] {
        let c = weights.configuration
        let h = c.hidden
        let total = sequences.reduce(0) { $0 + $1.count }
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        let longest = sequences.map(\.count).max() ?? 0
        precondition(longest <= c.maxPositions, "sequence longer than the model's \(c.maxPositions) positions")
        workspace.reserve(tokens: total, longest: longest, configuration: c)

        embedTokens(sequences)
        for layer in weights.layers {
            runLayer(layer, sequences: sequences, tokens: total)
        }
        return pool(sequences)
    }

    // MARK: Stages

    private func embedTokens(_ sequences: [[Int32]]) {
        let c = weights.configuration
        let h = c.hidden
        let hidden = workspace.hidden
        var row = 0
        for sequence in sequences {
            for (position, token) in sequence.enumerated() {
                let id = Int(token)
                precondition(id >= 0 && id < c.vocabularySize, "token id \(id) outside the vocabulary")
                let out = hidden + row * h
                let word = weights.wordEmbeddings + id * h
                let pos = weights.positionEmbeddings + position * h
                let type = weights.tokenTypeEmbeddings
                for j in 0..<h { out[j] = word[j] + pos[j] + type[j] }
                row += 1
            }
        }
        Kernels.addAndNormalize(
            hidden, residual: nil, count: row, width: h,
            gamma: weights.embeddingNormGamma, beta: weights.embeddingNormBeta, epsilon: c.layerNormEpsilon
        )
    }

    private func runLayer(_ layer: BertLayerWeights, sequences: [[Int32]], tokens: Int) {
        let c = weights.configuration
        let h = c.hidden
        let w = workspace

        // Q, K and V for all tokens at once: [tokens, 3h].
        linear(input: w.hidden, rows: tokens, inputWidth: h, weight: layer.qkvWeight, bias: layer.qkvBias, outputWidth: 3 * h, output: w.qkv)
        attention(sequences: sequences)
        // Attention output projection, residual, LayerNorm.
        linear(input: w.context, rows: tokens, inputWidth: h, weight: layer.attentionOutWeight, bias: layer.attentionOutBias, outputWidth: h, output: w.projected)
        Kernels.addAndNormalize(
            w.projected, residual: w.hidden, count: tokens, width: h,
            gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, epsilon: c.layerNormEpsilon
        )
        // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2, residual, LayerNorm back into `hidden`.
        linear(input: w.projected, rows: tokens, inputWidth: h, weight: layer.intermediateWeight, bias: layer.intermediateBias, outputWidth: c.intermediate, output: w.intermediate)
        Kernels.gelu(w.intermediate, count: tokens * c.intermediate)
        linear(input: w.intermediate, rows: tokens, inputWidth: c.intermediate, weight: layer.outputWeight, bias: layer.outputBias, outputWidth: h, output: w.hidden)
        Kernels.addAndNormalize(
            w.hidden, residual: w.projected, count: tokens, width: h,
            gamma: layer.outputNormGamma, beta: layer.outputNormBeta, epsilon: c.layerNormEpsilon
        )
    }

    /// Scaled dot-product attention per sequence and head, reading Q, K, V from the fused `qkv`
    /// rows and writing each head's context into its columns of `context`.
    private func attention(sequences: [[Int32]]) {
        let c = weights.configuration
        let h = c.hidden
        let d = c.headSize
        let w = workspace
        let scale = 1 / Float(d).squareRoot()
        let qkvStride = Int32(3 * h)
        var offset = 0
        for sequence in sequences {
            let n = sequence.count
            for head in 0..<c.heads {
                let q = w.qkv + offset * 3 * h + head * d
                let k = q + h
                let v = q + 2 * h
                // scores[n, n] = scale · Q·Kᵀ
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(d),
                    scale, q, qkvStride, k, qkvStride, 0, w.scores, Int32(n)
                )
                Kernels.softmaxRows(w.scores, rows: n, columns: n, stride: n)
                // context[n, d] = probabilities · V
                cblas_sgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(d), Int32(n),
                    1, w.scores, Int32(n), v, qkvStride, 0, w.context + offset * h + head * d, Int32(h)
                )
            }
            offset += n
        }
    }

    /// `output[rows, outputWidth] = input · weightᵀ + bias`, weight in `[out, in]` layout.
    private func linear(
        input: UnsafePointer<Float>, rows: Int, inputWidth: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, outputWidth: Int,
        output: UnsafeMutablePointer<Float>
    ) {
        Kernels.broadcastRows(output, bias: bias, rows: rows, width: outputWidth)
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputWidth), Int32(inputWidth),
            1, input, Int32(inputWidth), weight, Int32(inputWidth), 1, output, Int32(outputWidth)
        )
    }

    /// Mean over each sequence's tokens, then L2 normalisation.
    private func pool(_ sequences: [[Int32]]) -> [[Float]] {
        let h = weights.configuration.hidden
        var result: [[Float]] = []
        result.reserveCapacity(sequences.count)
        var offset = 0
        for sequence in sequences {
            var vector = [Float](repeating: 0, count: h)
            if !sequence.isEmpty {
                vector.withUnsafeMutableBufferPointer { out in
                    for row in offset..<(offset + sequence.count) {
                        let v = workspace.hidden + row * h
                        for j in 0..<h { out[j] += v[j] }
                    }
                    VectorMath.normalize(out)
                }
            }
            offset += sequence.count
            result.append(vector)
        }
        return result
    }
}

extension MiniLMEncoder {
    /// Scratch buffers, grown to the largest batch seen and reused.
    final class Workspace {
        private(set) var tokenCapacity = 0
        private(set) var scoreCapacity = 0
        var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var qkv = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var context = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var projected = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var intermediate = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var scores = UnsafeMutablePointer<Float>.allocate(capacity: 1)

        func reserve(tokens: Int, longest: Int, configuration c: BertConfiguration) {
            if tokens > tokenCapacity {
                let capacity = Swift.max(tokens, tokenCapacity * 2, 64)
                for buffer in [hidden, qkv, context, projected, intermediate] { buffer.deallocate() }
                hidden = .allocate(capacity: capacity * c.hidden)
                qkv = .allocate(capacity: capacity * 3 * c.hidden)
                context = .allocate(capacity: capacity * c.hidden)
                projected = .allocate(capacity: capacity * c.hidden)
                intermediate = .allocate(capacity: capacity * c.intermediate)
                tokenCapacity = capacity
            }
            if longest * longest > scoreCapacity {
                scores.deallocate()
                scoreCapacity = Swift.max(longest * longest, 64 * 64)
                scores = .allocate(capacity: scoreCapacity)
            }
        }

        deinit {
            for buffer in [hidden, qkv, context, projected, intermediate, scores] { buffer.deallocate() }
        }
    }
}
