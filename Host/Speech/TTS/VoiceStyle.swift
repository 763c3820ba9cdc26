import Core

/// A business's voice: its brand defaults, adjusted per reply for how the call is going.
///
/// The conversation engine picks a ``SpeakingStyle`` (calm for a frustrated caller, brisk for a
/// quick booking); this turns it into the settings the synthesizer gets. The mapping is a pure
/// function and never fails: adjusted values are held inside the accepted ranges.
///
/// ```swift
/// let brand = VoiceStyle(brand: try VoiceSettings(rate: 1.05, pitch: 0.97))
/// let settings = brand.settings(for: session.speakingStyle)
/// ```
public struct VoiceStyle: Sendable, Hashable {
    /// The business's own rate and pitch.
    public var brand: VoiceSettings

    /// How much a calm reply slows down and lowers the voice (about 12% slower, 5% lower).
    public static let calmAdjustment = (rate: 0.88, pitch: 0.95)
    /// How much a brisk reply speeds up (about 12% faster, pitch unchanged).
    public static let briskAdjustment = (rate: 1.12, pitch: 1.0)

    /// A business voice with `brand` settings (the voice as tuned by its makers if none).
    public init(brand: VoiceSettings = .natural) {
        self.brand = brand
    }

    /// The brand's settings adjusted for `style`.
    public func settings(for style: SpeakingStyle) -> VoiceSettings {
        switch style {
        case .neutral: brand
        case .calm: brand.scaled(rate: Self.calmAdjustment.rate, pitch: Self.calmAdjustment.pitch)
        case .brisk: brand.scaled(rate: Self.briskAdjustment.rate, pitch: Self.briskAdjustment.pitch)
        }
    }
}
