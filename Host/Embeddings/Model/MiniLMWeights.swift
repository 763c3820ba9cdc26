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

/// The weights of one encoder layer. Linear weights keep PyTorch's `[out, in]` layout and are
/// multiplied transposed; query, key and value are fused into one `[3·hidden, hidden]` matrix so a
/// layer's projections are a single GEMM.
struct BertLayerWeights: @unchecked Sendable {  // points into immutable memory owned by MiniLMWeights
    let qkvWeight: UnsafePointer<Float>
    let qkvBias: UnsafePointer<Float>
    let attentionOutWeight: UnsafePointer<Float>
    let attentionOutBias: UnsafePointer<Float>
    let attentionNormGamma: UnsafePointer<Float>
    let attentionNormBeta: UnsafePointer<Float>
    let intermediateWeight: UnsafePointer<Float>
    let intermediateBias: UnsafePointer<Float>
    let outputWeight: UnsafePointer<Float>
    let outputBias: UnsafePointer<Float>
    let outputNormGamma: UnsafePointer<Float>
    let outputNormBeta: UnsafePointer<Float>
}

/// All weights of the encoder: views into the memory-mapped file, plus the fused QKV copies.
public final class MiniLMWeights: @unchecked Sendable {  // immutable after init
    public let configuration: BertConfiguration
    let file: SafeTensorsFile
    let wordEmbeddings: UnsafePointer<Float>
    let positionEmbeddings: UnsafePointer<Float>
    let tokenTypeEmbeddings: UnsafePointer<Float>
    let embeddingNormGamma: UnsafePointer<Float>
    let embeddingNormBeta: UnsafePointer<Float>
    let layers: [BertLayerWeights]
    private let fused: UnsafeMutablePointer<Float>

    public init(file: SafeTensorsFile, configuration: BertConfiguration = BertConfiguration()) throws {
        let c = configuration
        let h = c.hidden
        self.configuration = c
        self.file = file
        wordEmbeddings = try file.float32("embeddings.word_embeddings.weight", shape: [c.vocabularySize, h])
        positionEmbeddings = try file.float32("embeddings.position_embeddings.weight", shape: [c.maxPositions, h])
        tokenTypeEmbeddings = try file.float32("embeddings.token_type_embeddings.weight", shape: [c.typeVocabularySize, h])
        embeddingNormGamma = try file.float32("embeddings.LayerNorm.weight", shape: [h])
        embeddingNormBeta = try file.float32("embeddings.LayerNorm.bias", shape: [h])

        let perLayer = 3 * h * h + 3 * h
        let fused = UnsafeMutablePointer<Float>.allocate(capacity: perLayer * c.layers)
        self.fused = fused
        var layers: [BertLayerWeights] = []
        do {
            for index in 0..<c.layers {
                let p = "encoder.layer.\(index)."
                let weight = fused + index * perLayer
                let bias = weight + 3 * h * h
                for (slot, part) in ["query", "key", "value"].enumerated() {
                    let w = try file.float32(p + "attention.self.\(part).weight", shape: [h, h])
                    let b = try file.float32(p + "attention.self.\(part).bias", shape: [h])
                    (weight + slot * h * h).update(from: w, count: h * h)
                    (bias + slot * h).update(from: b, count: h)
                }
                layers.append(BertLayerWeights(
                    qkvWeight: UnsafePointer(weight),
                    qkvBias: UnsafePointer(bias),
                    attentionOutWeight: try file.float32(p + "attention.output.dense.weight", shape: [h, h]),
                    attentionOutBias: try file.float32(p + "attention.output.dense.bias", shape: [h]),
                    attentionNormGamma: try file.float32(p + "attention.output.LayerNorm.weight", shape: [h]),
                    attentionNormBeta: try file.float32(p + "attention.output.LayerNorm.bias", shape: [h]),
                    intermediateWeight: try file.float32(p + "intermediate.dense.weight", shape: [c.intermediate, h]),
                    intermediateBias: try file.float32(p + "intermediate.dense.bias", shape: [c.intermediate]),
                    outputWeight: try file.float32(p + "output.dense.weight", shape: [h, c.intermediate]),
                    outputBias: try file.float32(p + "output.dense.bias", shape: [h]),
                    outputNormGamma: try file.float32(p + "output.LayerNorm.weight", shape: [h]),
                    outputNormBeta: try file.float32(p + "output.LayerNorm.bias", shape: [h])
                ))
            }
        } catch {
            fused.deallocate()
            throw error
        }
        self.layers = layers
    }

    deinit { fused.deallocate() }
}
