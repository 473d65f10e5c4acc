import CSodium
import FoundationEssentials
import Glibc
import Runtime

/// The shape of the codes people type from a letter or an e-mail (access,
/// activation and reset codes): 12 characters from an alphabet without
/// look-alikes (no 0/O, 1/I/L), shown `XXXX XXXX XXXX`.
public struct CodeFormat: Sendable {
    /// 23 letters + 8 digits: 31 symbols, 59.4 bits in 12 characters. Letters and
    /// digits only: a reader of a letter takes punctuation for a mask or a wildcard.
    public static let standardAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    /// Codes issued before the alphabet lost its `*` keep working: input still accepts it.
    public static let standard = CodeFormat(alphabet: standardAlphabet, length: 12, groupSize: 4, alsoAccepted: ["*"])

    public let alphabet: [Character]
    public let length: Int
    public let groupSize: Int
    /// Characters read in input (codes issued earlier) but never drawn.
    public let alsoAccepted: [Character]

    public init(alphabet: [Character], length: Int, groupSize: Int, alsoAccepted: [Character] = []) {
        precondition(
            Set(alphabet + alsoAccepted).count == alphabet.count + alsoAccepted.count, "alphabet has duplicates")
        self.alphabet = alphabet
        self.length = length
        self.groupSize = groupSize
        self.alsoAccepted = alsoAccepted
    }

    /// Entropy of one uniformly random code, in bits.
    public var entropyBits: Double { Double(length) * log2(Double(alphabet.count)) }

    /// A new random code (canonical form: no separators), each character drawn with
    /// `randombytes_uniform`, which has no modulo bias.
    public func generate() -> String {
        Sodium.ensureInitialized()
        var out = ""
        for _ in 0..<length {
            out.append(alphabet[Int(randombytes_uniform(UInt32(alphabet.count)))])
        }
        return out
    }

    /// What the person typed → canonical form, or nil if it cannot be a code.
    /// Case, spaces and dashes are ignored.
    public func normalise(_ input: String) -> String? {
        let allowed = Set(alphabet + alsoAccepted)
        var out = ""
        for ch in input.uppercased() {
            if ch == " " || ch == "-" || ch == "\u{2010}" || ch == "\u{2013}" || ch.isWhitespace { continue }
            guard allowed.contains(ch) else { return nil }
            out.append(ch)
        }
        return out.count == length ? out : nil
    }

    /// Canonical → `XXXX XXXX XXXX`, as letters, e-mails and the notifier show it.
    public func grouped(_ canonical: String) -> String {
        var parts: [String] = []
        var current = ""
        for ch in canonical {
            current.append(ch)
            if current.count == groupSize {
                parts.append(current)
                current = ""
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts.joined(separator: " ")
    }
}

/// The 6-digit SMS code.
public enum SmsCodeFormat {
    public static let digits = 6

    public static func generate() -> String {
        Sodium.ensureInitialized()
        let n = randombytes_uniform(1_000_000)
        let digits = String(n)
        return String(repeating: "0", count: digits.count < 6 ? 6 - digits.count : 0) + digits
    }

    /// Digits only (spaces ignored), exactly 6, else nil.
    public static func normalise(_ input: String) -> String? {
        let kept = input.filter { !$0.isWhitespace && $0 != "-" }
        guard kept.count == digits, kept.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return kept
    }
}
