import FileFormats
extension GateReport {
    /// JUnit XML: one testcase per fixture; a `failure` (or `error`) whose
    /// body lists the diffs, so CI test tabs show what moved.
    public var junit: String {
        let failures = fixtures.filter { $0.fails && $0.status != .error }.count
        let errors = fixtures.filter { $0.status == .error }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let counts = "tests=\"\(fixtures.count)\" failures=\"\(failures)\" errors=\"\(errors)\""
        out += "<testsuites name=\"fixture-check\" \(counts)>\n"
        out += "  <testsuite name=\"fixture-check\" \(counts) skipped=\"0\">\n"
        for verdict in fixtures {
            out += "    <testcase classname=\"fixture-check\" name=\"\(XMLText.escape(verdict.id))\""
            let detailed = verdict.fails || !verdict.diffs.isEmpty || !verdict.errors.isEmpty
            guard detailed || !verdict.engines.isEmpty else { out += "/>\n"; continue }
            out += ">\n"
            if !verdict.engines.isEmpty {
                // Which engine produced each trace, as JUnit properties.
                out += "      <properties>\n"
                for part in verdict.engines.keys.sorted(by: codePointOrder) {
                    out += "        <property name=\"engine.\(XMLText.escape(part))\" value=\"\(XMLText.escape(verdict.engines[part]!))\"/>\n"
                }
                out += "      </properties>\n"
            }
            guard detailed else { out += "    </testcase>\n"; continue }
            let body = (verdict.errors.map { "error: \($0)" } + verdict.diffs.map(\.text) + ["golden: \(verdict.goldenPath)"])
                .joined(separator: "\n")
            let message = "\(verdict.status.rawValue): \(verdict.diffs.filter(\.kind.fails).map(\.metric).joined(separator: ", "))"
            if verdict.status == .error {
                out += "      <error message=\"\(XMLText.escape(message))\" type=\"error\">\(XMLText.escape(body))</error>\n"
            } else if verdict.fails {
                out += "      <failure message=\"\(XMLText.escape(message))\" type=\"\(verdict.status.rawValue)\">\(XMLText.escape(body))</failure>\n"
            } else {
                out += "      <system-out>\(XMLText.escape(body))</system-out>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }
}
