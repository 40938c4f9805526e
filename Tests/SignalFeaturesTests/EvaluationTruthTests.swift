import CLITestSupport
import Foundation
import XCTest
@testable import SignalFeatures

/// `Scripts/eval-features` scores the segments against a truth built to
/// docs/features.md's definition of active speech. Both must bridge the
/// same pauses: until issue 16's round 12 the truth stopped one cell
/// short, and every 10-cell pause the segments bridged scored as false
/// alarms.
final class EvaluationTruthTests: XCTestCase {
    /// Speech on 3 cells, a pause of `pause` cells, speech on 3 more.
    static func cells(pause: Int) -> [Bool] {
        Array(repeating: true, count: 3) + Array(repeating: false, count: pause) + Array(repeating: true, count: 3)
    }

    func testTheTruthBridgesExactlyThePausesTheSegmentsBridge() throws {
        let pauses = [FeatureAnalysis.bridgeCells - 1, FeatureAnalysis.bridgeCells, FeatureAnalysis.bridgeCells + 1]
        let segmentsBridge = pauses.map { pause -> Bool in
            var segmenter = SpeechSegmenter(hangoverFrames: 0, minimumOnsetFrames: 1, bridgeFrames: FeatureAnalysis.bridgeCells)
            let speech = Self.cells(pause: pause)
            speech.forEach { segmenter.push($0) }
            segmenter.finish(totalFrames: speech.count)
            return segmenter.segments.count == 1
        }
        XCTAssertEqual(segmentsBridge, [true, true, false])
        XCTAssertEqual(try truthBridges(pauses: pauses), segmentsBridge)
    }

    /// Whether the evaluation's `bridge` fills each pause, run with the
    /// project venv's Python (`Scripts/setup` makes it, with numpy).
    private func truthBridges(pauses: [Int]) throws -> [Bool] {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let masks = pauses.map { pause in "[" + Self.cells(pause: pause).map { $0 ? "1" : "0" }.joined(separator: ",") + "]" }
        let result = try CLI.shell("""
            .venv/bin/python - <<'EOF'
            import importlib.util, numpy as np
            spec = importlib.util.spec_from_file_location("ef", "Scripts/eval-features.py")
            ef = importlib.util.module_from_spec(spec); spec.loader.exec_module(ef)
            for m in [\(masks.joined(separator: ","))]:
                print(bool(ef.bridge(np.array(m, dtype=bool), \(FeatureAnalysis.bridgeCells)).all()))
            EOF
            """, cwd: root)
        XCTAssertEqual(result.status, 0, "run Scripts/setup for .venv: " + result.stderr)
        return result.stdout.split(separator: "\n").map { $0 == "True" }
    }
}
