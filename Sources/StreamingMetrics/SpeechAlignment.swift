import Traces

/// How the utterances of an ASR trace line up with the user's speech
/// segments (metrics_version 2, docs/metrics.md "Alignment"): by time, not
/// by utterance number, so an echo heard before the user speaks, a turn the
/// endpointer split in two, or a turn the engine never heard cannot shift
/// every later latency.
///
/// `e_u` is the `t_ms` of utterance `u`'s first emission (partial or
/// final). Segments sorted by start; `u` goes to the segment of latest
/// start `≤ e_u + onsetToleranceMs`, provided `e_u ≤` that segment's end
/// `+ trailingToleranceMs`; otherwise it is inserted. Utterances aligned with
/// one segment form one match; a segment with none is missed.
public struct SpeechAlignment: Equatable, Sendable {
    /// An emission may precede the annotated onset by this much (annotation
    /// and VAD jitter) and still belong to the segment.
    public static let onsetToleranceMs = 100.0
    /// An utterance first heard more than this after a segment's end is not
    /// that segment's (noise, or a turn nobody annotated).
    public static let trailingToleranceMs = 3000.0

    /// One speech segment and the utterances aligned with it, in `utt` order.
    public struct Match: Equatable, Sendable {
        public var segment: SpeechSegment
        /// Non-empty, ascending.
        public var utts: [Int]

        public init(segment: SpeechSegment, utts: [Int]) {
            self.segment = segment
            self.utts = utts
        }
    }

    /// Matched segments in start order.
    public var matches: [Match]
    /// Utterances aligned with no segment, ascending.
    public var inserted: [Int]
    /// Segments no utterance is aligned with, in start order.
    public var missed: [SpeechSegment]

    public init(matches: [Match], inserted: [Int], missed: [SpeechSegment]) {
        self.matches = matches
        self.inserted = inserted
        self.missed = missed
    }

    /// Aligns utterances, given each one's first emission time (`e_u`).
    public init(firstEmissionMs: [Int: Double], segments: [SpeechSegment]) {
        // A stable sort, so equal starts keep the caller's order.
        let ordered = segments.enumerated().sorted { ($0.element.startMs, $0.offset) < ($1.element.startMs, $1.offset) }.map(\.element)
        var aligned: [Int: [Int]] = [:]
        var inserted: [Int] = []
        for utt in firstEmissionMs.keys.sorted() {
            if let index = Self.segmentIndex(firstEmissionMs: firstEmissionMs[utt]!, ordered: ordered) {
                aligned[index, default: []].append(utt)
            } else {
                inserted.append(utt)
            }
        }
        matches = ordered.indices.compactMap { i in aligned[i].map { Match(segment: ordered[i], utts: $0) } }
        missed = ordered.indices.filter { aligned[$0] == nil }.map { ordered[$0] }
        self.inserted = inserted
    }

    /// Aligns the utterances of `trace` (those with a partial or a final).
    public init(_ trace: EmissionTrace, segments: [SpeechSegment]) {
        var first: [Int: Double] = [:]
        for event in trace.events where event.kind == .partial || event.kind == .final {
            first[event.utt] = min(first[event.utt] ?? event.tMs, event.tMs)
        }
        self.init(firstEmissionMs: first, segments: segments)
    }

    /// The segment `u` is aligned with, for each aligned utterance.
    public var segmentOfUtterance: [Int: SpeechSegment] {
        var out: [Int: SpeechSegment] = [:]
        for match in matches { for utt in match.utts { out[utt] = match.segment } }
        return out
    }

    /// Index into `ordered` (sorted by start) of the segment of latest
    /// start `≤ e + onsetTolerance`, when `e ≤` its end `+ trailingTolerance`.
    static func segmentIndex(firstEmissionMs e: Double, ordered: [SpeechSegment]) -> Int? {
        guard let index = ordered.lastIndex(where: { $0.startMs <= e + onsetToleranceMs }) else { return nil }
        return e <= ordered[index].endMs + trailingToleranceMs ? index : nil
    }
}
