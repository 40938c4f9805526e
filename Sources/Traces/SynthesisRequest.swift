/// Text a TTS adapter is asked to speak, from a manifest's `tts.requests`
/// (the fixture manifest): request `req` is submitted `tMs` after the fixture starts.
public struct SynthesisRequest: Equatable, Sendable {
    public var req: Int
    public var tMs: Double
    public var text: String
    /// Engine-specific voice name; omitted from the protocol message when nil.
    public var voice: String?

    public init(req: Int = 0, tMs: Double = 0, text: String, voice: String? = nil) {
        self.req = req
        self.tMs = tMs
        self.text = text
        self.voice = voice
    }
}
