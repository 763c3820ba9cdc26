import CKernels
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
        workspace.reserve(tokens: total, configuration: c)

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
        sd_add_layer_norm(hidden, nil, Int32(row), Int32(h), weights.embeddingNormGamma, weights.embeddingNormBeta, c.layerNormEpsilon)
    }

    private func runLayer(_ layer: BertLayerWeights, sequences: [[Int32]], tokens: Int) {
        let c = weights.configuration
        let h = c.hidden
        let w = workspace

        // Q, K and V for all tokens at once: [tokens, 3h].
        linear(layer.qkv, input: w.hidden, rows: tokens, output: w.qkv)
        attention(sequences: sequences)
        // Attention output projection, residual, LayerNorm.
        linear(layer.attentionOut, input: w.context, rows: tokens, output: w.projected)
        sd_add_layer_norm(w.projected, w.hidden, Int32(tokens), Int32(h), layer.attentionNormGamma, layer.attentionNormBeta, c.layerNormEpsilon)
        // Feed-forward: GELU(x·W1ᵀ + b1)·W2ᵀ + b2, residual, LayerNorm back into `hidden`.
        linear(layer.intermediate, input: w.projected, rows: tokens, output: w.intermediate)
        sd_gelu(w.intermediate, tokens * c.intermediate)
        linear(layer.output, input: w.intermediate, rows: tokens, output: w.hidden)
        sd_add_layer_norm(w.hidden, w.projected, Int32(tokens), Int32(h), layer.outputNormGamma, layer.outputNormBeta, c.layerNormEpsilon)
    }

    /// Scaled dot-product attention per sequence over its own tokens, reading Q, K, V from the
    /// fused `qkv` rows and writing each head's context into its columns of `context`.
    private func attention(sequences: [[Int32]]) {
        let c = weights.configuration
        let w = workspace
        var offset = 0
        for sequence in sequences {
            sd_attention(w.qkv + offset * 3 * c.hidden, Int32(sequence.count), Int32(c.heads), Int32(c.headSize), w.context + offset * c.hidden)
            offset += sequence.count
        }
    }

    /// `output[rows, outputs] = input · weightᵀ + bias`, with the packed kernel or OpenBLAS.
    private func linear(_ layer: LinearWeights, input: UnsafePointer<Float>, rows: Int, output: UnsafeMutablePointer<Float>) {
        switch layer.weight {
        case .packed(let packed):
            sd_linear_rows(input, Int32(rows), Int32(layer.inputs), packed, layer.bias, Int32(layer.outputs), output)
        case .rowMajor(let weight):
            for row in 0..<rows {
                (output + row * layer.outputs).update(from: layer.bias, count: layer.outputs)
            }
            cblas_sgemm(
                CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(layer.outputs), Int32(layer.inputs),
                1, input, Int32(layer.inputs), weight, Int32(layer.inputs), 1, output, Int32(layer.outputs)
            )
        }
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
        var hidden = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var qkv = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var context = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var projected = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        var intermediate = UnsafeMutablePointer<Float>.allocate(capacity: 1)

        func reserve(tokens: Int, configuration c: BertConfiguration) {
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
        }

        deinit {
            for buffer in [hidden, qkv, context, projected, intermediate] { buffer.deallocate() }
        }
    }
}
