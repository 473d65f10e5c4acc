import Foundation

/// WinAnsiEncoding (CP1252), the single-byte encoding the standard PDF fonts are declared
/// with, so that accented French, German and Italian text is shown and extracted intact.
public enum WinAnsi {
    /// The byte the "?" replacement uses for characters CP1252 cannot show.
    static let replacement: UInt8 = 0x3F

    /// Encodes `string` (composed first, so "e" + combining acute becomes "é"). Tabs and
    /// line breaks become spaces, other control characters are dropped, anything outside
    /// CP1252 becomes "?".
    public static func encode(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        for scalar in string.precomposedStringWithCanonicalMapping.unicodeScalars {
            if let byte = byte(for: scalar) {
                bytes.append(byte)
            }
        }
        return bytes
    }

    /// The CP1252 byte of one scalar; nil when the scalar is dropped (control characters).
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        switch value {
        case 0x09, 0x0A, 0x0D: return 0x20
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return nil
        case 0x20..<0x7F, 0xA0...0xFF: return UInt8(value)
        default: return specials[value] ?? replacement
        }
    }

    /// Unicode scalars of the CP1252 block 0x80–0x9F (the part that differs from Latin-1).
    static let specials: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86,
        0x2021: 0x87, 0x02C6: 0x88, 0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C,
        0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95,
        0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]
}
