import Foundation

/// Where secrets a test saw (codes, passwords, session tokens, a gateway token)
/// turn up in services' logs. `logs`: service → log text; `secrets`: a label
/// (what it is, printed on failure instead of the secret) → the secret.
/// Answers "service: label" for each secret found, sorted; empty when none.
public enum SecretScan {
    public static func found(in logs: [String: String], _ secrets: [String: String]) -> [String] {
        var hits: Set<String> = []
        for (service, log) in logs {
            for (label, secret) in secrets where !secret.isEmpty && occurs(secret, in: log) {
                hits.insert("\(service): \(label)")
            }
        }
        return hits.sorted()
    }

    /// A code of digits only could occur inside a hex id or a number by chance: it
    /// counts only standing alone. Grouped codes (`ABCD EFGH JKLM`) count grouped or not.
    public static func occurs(_ secret: String, in log: String) -> Bool {
        if secret.allSatisfy(\.isNumber) {
            return log.range(of: "(?<![0-9a-fA-F.])\(secret)(?![0-9a-fA-F])", options: .regularExpression) != nil
        }
        if log.contains(secret) { return true }
        let ungrouped = secret.replacingOccurrences(of: " ", with: "")
        return ungrouped != secret && ungrouped.count >= 8 && log.contains(ungrouped)
    }
}
