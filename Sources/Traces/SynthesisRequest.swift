/// Text a TTS adapter is asked to speak, from a manifest's `tts.requests`
/// (SPEC §1): request `req` is submitted `tMs` after the fixture starts.
public struct SynthesisRequest: Equatable, Sendable {
    public var req: Int
    public var tMs: Double
    public var text: String

    public init(req: Int, tMs: Double, text: String) {
        self.req = req
        self.tMs = tMs
        self.text = text
    }
}
