extension GateReport {
    /// GitHub Actions workflow commands: an `::error` on the golden file of
    /// every failing fixture, a `::warning` for stale (improved) goldens.
    public var githubAnnotations: String {
        var lines: [String] = []
        for verdict in noteworthy where verdict.fails || verdict.status == .improved {
            let command = verdict.fails ? "error" : "warning"
            let title = "fixture-check \(verdict.status.rawValue): \(verdict.id)"
            let body = verdict.errors + verdict.diffs.map(\.text) + [verdict.advice].compactMap { $0 }
            lines.append("::\(command) file=\(GitHubCommand.property(verdict.goldenPath)),title=\(GitHubCommand.property(title))::\(GitHubCommand.data(body.joined(separator: "\n")))")
        }
        lines.append("::\(passed ? "notice" : "error") title=fixture-check::\(GitHubCommand.data(summary))")
        return lines.joined(separator: "\n")
    }
}

/// GitHub's workflow-command escaping (actions/toolkit `command.ts`).
public enum GitHubCommand {
    /// Message text: `%`, CR and LF.
    public static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property values additionally escape `:` and `,`.
    public static func property(_ text: String) -> String {
        data(text)
            .replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}
