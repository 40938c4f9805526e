/// The derived `snr_bucket` slice (docs/metrics.md): lower bound inclusive.
public enum SNRBucket: String, CaseIterable, Sendable {
    case below0 = "<0"
    case from0To5 = "0-5"
    case from5To10 = "5-10"
    case from10To15 = "10-15"
    case from15To20 = "15-20"
    case from20To30 = "20-30"
    case atLeast30 = ">=30"

    public init(db: Double) {
        switch db {
        case ..<0: self = .below0
        case ..<5: self = .from0To5
        case ..<10: self = .from5To10
        case ..<15: self = .from10To15
        case ..<20: self = .from15To20
        case ..<30: self = .from20To30
        default: self = .atLeast30
        }
    }
}
