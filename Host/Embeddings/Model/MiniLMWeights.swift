import CKernels

/// The shape of a BERT encoder; the defaults are all-MiniLM-L6-v2's.
public struct BertConfiguration: Sendable, Equatable {
    public var vocabularySize = 30522
    public var hidden = 384
    public var layers = 6
    public var heads = 12
    public var intermediate = 1536
    public var maxPositions = 512
    public var typeVocabularySize = 2
    public var layerNormEpsilon: Float = 1e-12

    public init() {}

    public var headSize: Int { hidden / heads }
}

/// How the dense layers multiply.
public enum DenseKernel: String, Sendable, CaseIterable {
    /// `sd_linear_rows` over weights packed once at load (CKernels): reads every weight once per
    /// pass with no per-call packing. Measured 3.6× faster than OpenBLAS at 9 tokens and 1.1–1.3×
    /// at 64–384 tokens on the AVX-512 machines we run on.
    case packed
    /// `cblas_sgemm` over the weights as stored.
    case openBLAS = "openblas"

    /// `packed` where the CPU has AVX-512, else OpenBLAS (whose AVX2 kernels beat ours there).
    public static var automatic: DenseKernel {
        sd_kernels_level() >= Int32(SD_KERNELS_AVX512) ? .packed : .openBLAS
    }

    /// The instruction set the packed kernel runs with on this CPU.
    public static var packedInstructionSet: String { String(cString: sd_kernels_isa()) }
}

/// One dense layer, `y = x·Wᵀ + b`.
struct LinearWeights: @unchecked Sendable {  // points into immutable memory owned by MiniLMWeights
    enum Storage {
        /// PyTorch's `[outputs, inputs]` layout, for `cblas_sgemm`.
        case rowMajor(UnsafePointer<Float>)
        /// The `sd_pack_rows_weights` layout, for `sd_linear_rows`.
        case packed(UnsafePointer<Float>)
    }

    let weight: Storage
    let bias: UnsafePointer<Float>
    let inputs: Int
    let outputs: Int
}

/// The weights of one encoder layer. Query, key and value are fused into one `[3·hidden, hidden]`
/// layer so a layer's projections are a single product.
struct BertLayerWeights: @unchecked Sendable {  // points into immutable memory owned by MiniLMWeights
    let qkv: LinearWeights
    let attentionOut: LinearWeights
    let attentionNormGamma: UnsafePointer<Float>
    let attentionNormBeta: UnsafePointer<Float>
    let intermediate: LinearWeights
    let output: LinearWeights
    let outputNormGamma: UnsafePointer<Float>
    let outputNormBeta: UnsafePointer<Float>
}

/// All weights of the encoder: views into the memory-mapped file, the fused QKV copies, and the
/// packed copies of the dense layers when ``DenseKernel/packed`` is used.
public final class MiniLMWeights: @unchecked Sendable {  // immutable after init
    public let configuration: BertConfiguration
    public let denseKernel: DenseKernel
    let file: SafeTensorsFile
    let wordEmbeddings: UnsafePointer<Float>
    let positionEmbeddings: UnsafePointer<Float>
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNormGamma: UnsafePointer<Float>
    let embeddingNormBeta: UnsafePointer<Float>
    private(set) var layers: [BertLayerWeights] = []
    private var allocations: [UnsafeMutablePointer<Float>] = []

    public init(
        file: SafeTensorsFile, configuration: BertConfiguration = BertConfiguration(), denseKernel: DenseKernel = .automatic
    ) throws {
        let c = configuration
        let h = c.hidden
        self.configuration = c
        self.denseKernel = denseKernel
        self.file = file
        wordEmbeddings = try file.float32("embeddings.word_embeddings.weight", shape: [c.vocabularySize, h])
        positionEmbeddings = try file.float32("embeddings.position_embeddings.weight", shape: [c.maxPositions, h])
        tokenTypeEmbeddings = try file.float32("embeddings.token_type_embeddings.weight", shape: [c.typeVocabularySize, h])
        embeddingNormGamma = try file.float32("embeddings.LayerNorm.weight", shape: [h])
        embeddingNormBeta = try file.float32("embeddings.LayerNorm.bias", shape: [h])

        var layers: [BertLayerWeights] = []
        for index in 0..<c.layers {
            let p = "encoder.layer.\(index)."
            // Q, K and V stacked into one [3h, h] weight and [3h] bias. With the packed kernel the
            // stacked copy is only the input to packing and is freed at the end of the iteration.
            let stackedOnly = denseKernel == .packed
            let qkvWeight = stackedOnly ? UnsafeMutablePointer<Float>.allocate(capacity: 3 * h * h) : allocate(3 * h * h)
            defer { if stackedOnly { qkvWeight.deallocate() } }
            let qkvBias = allocate(3 * h)
            for (slot, part) in ["query", "key", "value"].enumerated() {
                let w = try file.float32(p + "attention.self.\(part).weight", shape: [h, h])
                let b = try file.float32(p + "attention.self.\(part).bias", shape: [h])
                (qkvWeight + slot * h * h).update(from: w, count: h * h)
                (qkvBias + slot * h).update(from: b, count: h)
                file.release(p + "attention.self.\(part).weight")
            }
            layers.append(BertLayerWeights(
                qkv: linear(weight: UnsafePointer(qkvWeight), bias: UnsafePointer(qkvBias), inputs: h, outputs: 3 * h),
                attentionOut: try linear(p + "attention.output.dense", inputs: h, outputs: h),
                attentionNormGamma: try file.float32(p + "attention.output.LayerNorm.weight", shape: [h]),
                attentionNormBeta: try file.float32(p + "attention.output.LayerNorm.bias", shape: [h]),
                intermediate: try linear(p + "intermediate.dense", inputs: h, outputs: c.intermediate),
                output: try linear(p + "output.dense", inputs: c.intermediate, outputs: h),
                outputNormGamma: try file.float32(p + "output.LayerNorm.weight", shape: [h]),
                outputNormBeta: try file.float32(p + "output.LayerNorm.bias", shape: [h])
            ))
        }
        self.layers = layers
    }

    deinit {
        for allocation in allocations { allocation.deallocate() }
    }

    private func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: count)
        allocations.append(pointer)
        return pointer
    }

    /// The dense layer `name` (`.weight` and `.bias`) from the file.
    private func linear(_ name: String, inputs: Int, outputs: Int) throws -> LinearWeights {
        let weight = try file.float32(name + ".weight", shape: [outputs, inputs])
        let bias = try file.float32(name + ".bias", shape: [outputs])
        let result = linear(weight: weight, bias: bias, inputs: inputs, outputs: outputs)
        // Packed, the file's pages are not read again: let the kernel drop them.
        if case .packed = result.weight { file.release(name + ".weight") }
        return result
    }

    /// The layer in the form `denseKernel` multiplies; packing copies `weight`, which the caller
    /// may then free.
    private func linear(weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, inputs: Int, outputs: Int) -> LinearWeights {
        switch denseKernel {
        case .openBLAS:
            return LinearWeights(weight: .rowMajor(weight), bias: bias, inputs: inputs, outputs: outputs)
        case .packed:
            precondition(outputs % 64 == 0, "the packed kernel needs outputs in multiples of 64")
            let buffer = allocate(inputs * outputs)
            sd_pack_rows_weights(weight, Int32(outputs), Int32(inputs), buffer)
            return LinearWeights(weight: .packed(buffer), bias: bias, inputs: inputs, outputs: outputs)
        }
    }
}
