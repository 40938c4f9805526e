import Traces

/// The decoded traces of one fixture run: recorded, or produced by an
/// adapter. Any part may be absent.
public struct FixtureTraces: Equatable, Sendable {
    public var emission: EmissionTrace?
    public var synthesis: SynthesisTrace?
    public var turns: TurnLog?

    public init(emission: EmissionTrace? = nil, synthesis: SynthesisTrace? = nil, turns: TurnLog? = nil) {
        self.emission = emission
        self.synthesis = synthesis
        self.turns = turns
    }
}
