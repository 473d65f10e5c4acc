/// An employer's billing number (Abrechnungsnummer), the mandant's key: 3–4
/// digits, a dot, 3 digits (`1283.220`). Input is forgiving about how people
/// copy it from letters (spaces, apostrophes "1'283'220", no dot "1283220");
/// the stored form is always the dotted one.
public struct EmployerNumber: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let kept = raw.filter { !$0.isWhitespace && $0 != "'" && $0 != "’" }
        let parts = kept.split(separator: ".", omittingEmptySubsequences: false)
        let digits: String
        switch parts.count {
        case 1:
            // Without a dot: the last 3 digits are the second group.
            digits = String(parts[0])
            guard (6...7).contains(digits.count) else { return nil }
        case 2:
            guard (3...4).contains(parts[0].count), parts[1].count == 3 else { return nil }
            digits = String(parts[0]) + String(parts[1])
        default:
            return nil
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        value = String(digits.dropLast(3)) + "." + String(digits.suffix(3))
    }

    public var description: String { value }

    /// The seed's "Référence" column groups the digits Swiss-style: `1'283'220`.
    public var reference: String {
        let digits = Array(value.filter { $0 != "." })
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append("'") }
            out.append(d)
        }
        return out
    }
}
