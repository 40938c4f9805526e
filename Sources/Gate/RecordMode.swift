/// When a gate run may (re)write goldens (docs/gate.md).
public enum RecordMode: String, CaseIterable, Sendable {
    /// Never write; a missing golden fails. The default in CI.
    case never
    /// Write goldens that do not exist yet. The default on a workstation.
    case missing
    /// Write missing goldens and those of regressed fixtures.
    case failed
    /// Rewrite every golden whose content would change.
    case all

    /// `never` when the `CI` environment variable is set (to anything),
    /// else `missing`: CI must never record silently.
    public static func defaultMode(environment: [String: String]) -> RecordMode {
        environment["CI"] != nil ? .never : .missing
    }

    /// Whether a fixture with this comparison outcome gets a new golden.
    /// Errors and corrupt goldens never do.
    public func records(_ status: FixtureStatus) -> Bool {
        switch (self, status) {
        case (_, .error), (_, .orphan), (.never, _): false
        case (.missing, .missingGolden): true
        case (.missing, _): false
        case (.failed, .missingGolden), (.failed, .regression), (.failed, .audioChanged): true
        case (.failed, _): false
        case (.all, _): true
        }
    }
}
