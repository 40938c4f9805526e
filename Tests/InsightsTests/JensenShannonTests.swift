import Insights
import XCTest

/// JS divergence in bits against hand-computed values and SciPy
/// (`scipy.spatial.distance.jensenshannon(p, q, base=2) ** 2`).
final class JensenShannonTests: XCTestCase {
    func testIdenticalIsZeroAndDisjointIsOne() {
        XCTAssertEqual(JensenShannon.divergence([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 0, accuracy: 1e-12)
        XCTAssertEqual(JensenShannon.divergence([1, 0], [0, 1]), 1, accuracy: 1e-12)
        XCTAssertEqual(JensenShannon.divergence([0.5, 0.5, 0, 0], [0, 0, 0.25, 0.75]), 1, accuracy: 1e-12)
    }

    /// P = (½, ½), Q = (1, 0), M = (¾, ¼):
    /// KL(P‖M) = ½·log2(⅔) + ½·log2(2) = 0.2075187…, KL(Q‖M) = log2(4/3) = 0.4150375…,
    /// JS = ½(0.2075187 + 0.4150375) = 0.3112781.
    func testHandComputedCase() {
        XCTAssertEqual(JensenShannon.divergence([0.5, 0.5], [1, 0]), 0.3112781244591328, accuracy: 1e-12)
    }

    func testSymmetricAndMatchesSciPy() {
        let p = [0.5, 0.1, 0, 0.4], q = [0.6, 0, 0.2, 0.2]
        XCTAssertEqual(JensenShannon.divergence(p, q), 0.17779463347132698, accuracy: 1e-12)
        XCTAssertEqual(JensenShannon.divergence(q, p), JensenShannon.divergence(p, q), accuracy: 1e-15)
    }
}
