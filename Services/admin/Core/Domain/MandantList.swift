import Contracts
import FoundationEssentials
import Runtime
import SwissTime
import Wire

/// A person's own list of mandants: search by number, name, alias or town (every word,
/// case and accents ignored), the default first, then by number.
public enum MandantList {
    public static func filter(_ entries: [MandantEntry], text: String?) -> [MandantEntry] {
        let words = SearchFolding.words(text)
        let found =
            words.isEmpty
            ? entries
            : entries.filter { e in
                let haystack = SearchFolding.key("\(e.number) \(e.name) \(e.alias) \(e.city ?? "")")
                return words.allSatisfy { haystack.contains($0) }
            }
        return found.sorted { a, b in a.isDefault != b.isDefault ? a.isDefault : a.number < b.number }
    }

    /// An alias: trimmed, at most 100 characters, one line ("" removes it).
    public static func alias(_ raw: String) -> String? {
        let t = raw.trimmed(.spacesAndNewlines)
        guard t.count <= 100, t.utf8.count <= Recipients.personNameMaxBytes, !t.contains(where: \.isNewline) else {
            return nil
        }
        return t
    }
}

/// A delegation's term: live until its end date (if any) and unless revoked.
public enum DelegationTerm {
    /// active, ended or revoked.
    public static func state(endsAt: Date?, revokedAt: Date?, now: Date) -> String {
        if revokedAt != nil { return "revoked" }
        if let endsAt, endsAt <= now { return "ended" }
        return "active"
    }

    /// A requested end date must lie in the future.
    public static func parseEnd(_ raw: String?, now: Date) -> Result<Date?, ServiceError> {
        guard let raw, !raw.isEmpty else { return .success(nil) }
        guard let d = Date(rfc3339: raw) ?? dateOnly(raw) else {
            return .failure(ServiceError(.badRequest, field: "endsAt", messageKey: .badRequestField))
        }
        guard d > now else {
            return .failure(ServiceError(.badRequest, field: "endsAt", messageKey: .badRequestEndsAtPast))
        }
        return .success(d)
    }

    /// `2026-12-31` means to the end of that day in Switzerland: access ends at
    /// midnight Europe/Zurich, when the day after begins (23:00 UTC in winter,
    /// 22:00 in summer), not an hour or two into it.
    static func dateOnly(_ raw: String) -> Date? {
        guard raw.count == 10, let start = Date(rfc3339: raw + "T00:00:00Z") else { return nil }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let day = utc.dateComponents([.year, .month, .day], from: start)
        return SwissDate.midnight(year: day.year ?? 1970, month: day.month ?? 1, day: (day.day ?? 1) + 1)
    }
}
