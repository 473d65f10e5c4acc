/// A mobile number in E.164 (`+41791112233`), parsed from what people type.
/// Swiss numbers must be mobiles (073, 075–079); foreign numbers are accepted as
/// any E.164 number (+ and 8–15 digits), since their plans vary too much to check.
public struct PhoneNumber: Sendable, Equatable, CustomStringConvertible {
    public let e164: String

    public var description: String { e164 }

    /// Swiss mobile prefixes (after the country code 41).
    static let swissMobilePrefixes: Set<String> = ["73", "75", "76", "77", "78", "79"]

    public enum Problem: Error, Equatable {
        case notANumber
        case swissLandline
        case wrongLength
    }

    public init(e164: String) { self.e164 = e164 }

    /// Accepts `+41(79) 111 22 33`, `079 111 22 33`, `0041 79 111 22 33`,
    /// `+41 79 111 22 33`, with spaces, dots, dashes, slashes and brackets.
    public static func parse(_ input: String) -> Result<PhoneNumber, Problem> {
        var text = ""
        for ch in input {
            if " .-/()\u{00A0}\t".contains(ch) { continue }
            text.append(ch)
        }
        guard !text.isEmpty else { return .failure(.notANumber) }
        var international: String
        if text.hasPrefix("+") {
            international = String(text.dropFirst())
        } else if text.hasPrefix("00") {
            international = String(text.dropFirst(2))
        } else if text.hasPrefix("0") {
            international = "41" + text.dropFirst()
        } else {
            return .failure(.notANumber)
        }
        guard !international.isEmpty, international.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(.notANumber)
        }
        // "+41 079 …": a national trunk zero written after the country code.
        if international.hasPrefix("410") { international = "41" + international.dropFirst(3) }
        if international.hasPrefix("41") {
            let national = international.dropFirst(2)
            guard national.count == 9 else { return .failure(.wrongLength) }
            guard swissMobilePrefixes.contains(String(national.prefix(2))) else { return .failure(.swissLandline) }
            return .success(PhoneNumber(e164: "+" + international))
        }
        guard (8...15).contains(international.count), !international.hasPrefix("0") else {
            return .failure(.wrongLength)
        }
        return .success(PhoneNumber(e164: "+" + international))
    }

    /// `+41 79 *** ** 33`: enough to recognise one's own phone, not to dial it.
    public var masked: String {
        let digits = Array(e164.dropFirst())
        if e164.hasPrefix("+41"), digits.count == 11 {
            return "+41 \(String(digits[2...3])) *** ** \(String(digits[9...10]))"
        }
        let tail = String(digits.suffix(2))
        let head = String(digits.prefix(2))
        let hidden = String(repeating: "*", count: max(digits.count - 4, 1))
        return "+\(head) \(hidden) \(tail)"
    }
}
