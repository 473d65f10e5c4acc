/// A mobile number in E.164 (`+41791112233`), parsed from what people type.
/// Swiss numbers must be mobiles (073, 075–079); foreign numbers are parsed as
/// any E.164 number (+ and 8–15 digits). Which numbers may receive SMS is a
/// separate rule, `SmsDestinations` (the fund's allowed mobile prefixes).
public struct PhoneNumber: Sendable, Equatable, CustomStringConvertible {
    public let e164: String

    public var description: String { e164 }

    /// Swiss mobile prefixes (after the country code 41).
    static let swissMobilePrefixes: Set<String> = ["73", "75", "76", "77", "78", "79"]

    public enum Problem: Error, Equatable {
        case notANumber
        case swissLandline
        case wrongLength
        /// A valid number outside the fund's allowed prefixes (`SmsDestinations`).
        case countryNotAllowed
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

/// The mobile prefixes (E.164, without `+`) that may receive SMS codes: SMS
/// pumping sends codes to premium numbers, so only the countries the fund serves.
/// The default is the mobiles of Switzerland, Liechtenstein and the neighbouring
/// countries cross-border workers use (DE, FR, IT, AT).
public struct SmsDestinations: Sendable, Equatable {
    public static let defaultPrefixes = [
        "4173", "4175", "4176", "4177", "4178", "4179", // CH
        "4236", "4237", // LI
        "4915", "4916", "4917", // DE
        "336", "337", // FR
        "393", // IT
        "436",
    ] // AT
    public let prefixes: [String]

    public init(prefixes: [String] = SmsDestinations.defaultPrefixes) { self.prefixes = prefixes }

    /// `+4173,+4175,336` (with or without `+`, spaces ignored); nil if a part is not digits.
    public static func parse(_ text: String) -> SmsDestinations? {
        var out: [String] = []
        for part in text.split(separator: ",") {
            var p = part.filter { !$0.isWhitespace }
            if p.hasPrefix("+") { p.removeFirst() }
            guard !p.isEmpty, p.count <= 8, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            out.append(String(p))
        }
        return out.isEmpty ? nil : SmsDestinations(prefixes: out)
    }

    public func allows(_ phone: PhoneNumber) -> Bool {
        let digits = phone.e164.dropFirst()
        return prefixes.contains { digits.hasPrefix($0) }
    }
}
