import Wire

/// What `notifier.send` accepts as `to`, per channel: one rule, used by the
/// notifier to refuse and by identity and admin to check input before they promise
/// a message (an address they accepted but the notifier refused would be dropped
/// after the person was told it went out). Deliberately plain: they refuse what
/// could break a header or a gateway (control characters, header injection, absurd
/// lengths); the activation e-mail or the SMS code is the real proof.
public enum Recipients {
    /// An e-mail address: ≤ 254 bytes, local part 1…64 bytes, no spaces, control
    /// characters or `<>(),;:\"[]`, a domain of ≥ 2 labels, none empty or edged by `-`.
    /// ASCII only (issue 18): `gérant@…` would go out as raw 8-bit bytes in `To:`,
    /// which relays without SMTPUTF8 refuse, so every entry point refuses it with
    /// `bad_request`; an internationalised domain is given in its `xn--` form.
    public static func isEmail(_ s: String) -> Bool {
        guard s.utf8.count <= 254, s.utf8.allSatisfy({ $0 < 0x80 }),
            !s.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }),
            !s.contains(where: { "<>(),;:\\\"[]".contains($0) })
        else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// E.164: `+`, a non-zero digit, 7 to 14 more digits.
    public static func isE164(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 9, u.count <= 16, u[0] == UInt8(ascii: "+"), u[1] != UInt8(ascii: "0") else { return false }
        return u.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The longest line of a postal address (a letter's window and the gateways' limit).
    public static let postalLineMaxLength = 120
    /// …and in bytes: a character can carry any number of combining marks, so a
    /// character count alone bounds nothing (issue 18, item 8).
    public static let postalLineMaxBytes = 480

    /// The largest `notifier.send` param the notifier accepts, in UTF-8 bytes.
    public static let paramMaxBytes = 1000

    /// A person's first or last name: ≤ 100 characters and ≤ 400 bytes, so that any
    /// name identity or admin accepts fits the notifier's param limit (with room to spare).
    public static let personNameMaxLength = 100
    public static let personNameMaxBytes = 400

    /// A name as identity and admin accept it: trimmed, not empty, one line, bounded
    /// in characters and bytes.
    public static func isPersonName(_ raw: String) -> Bool {
        let t = raw.trimmed(.spacesAndNewlines)
        return !t.isEmpty && t.count <= personNameMaxLength && t.utf8.count <= personNameMaxBytes
            && !t.contains(where: { $0.isNewline })
    }

    /// One line of a postal address: ≤ 120 characters and 480 bytes, no control characters.
    public static func isPostalLine(_ line: String) -> Bool {
        line.count <= postalLineMaxLength && line.utf8.count <= postalLineMaxBytes
            && !line.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true })
    }

    /// A letter's `to`: lines separated by "\n", first the addressee.
    public static func postalLines(_ s: String) -> [String] {
        s.replacing("\r\n", with: "\n").split(separator: "\n")
            .map { $0.trimmed(.spaces) }.filter { !$0.isEmpty }
    }

    /// 2 to 8 non-empty lines, each a valid postal line.
    public static func isPostalAddress(_ s: String) -> Bool {
        let lines = postalLines(s)
        return (2...8).contains(lines.count) && lines.allSatisfy(isPostalLine)
            && !s.contains(where: {
                $0 != "\n" && $0 != "\r" && $0 != "\r\n" && $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true
            })
    }
}
