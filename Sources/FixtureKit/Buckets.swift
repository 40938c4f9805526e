/// The derived `duration_bucket` slice (docs/metrics.md): lower bound inclusive.
public enum DurationBucket: String, CaseIterable, Sendable {
    case under2 = "<2s"
    case from2To5 = "2-5s"
    case from5To15 = "5-15s"
    case from15To60 = "15-60s"
    case atLeast60 = ">=60s"

    public init(seconds: Double) {
        switch seconds {
        case ..<2: self = .under2
        case ..<5: self = .from2To5
        case ..<15: self = .from5To15
        case ..<60: self = .from15To60
        default: self = .atLeast60
        }
    }
}
