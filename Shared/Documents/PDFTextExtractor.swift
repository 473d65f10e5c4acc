import Foundation

/// Reads the text back out of PDFs that `PDFWriter` made (uncompressed content
/// streams, `(…) Tj` strings in WinAnsi): lets `connectctl outbox` show a letter's
/// access code without a PDF library. Not a general PDF reader; the tests read
/// our PDFs with pdftotext.
public enum PDFTextExtractor {
    /// One line per text run, in drawing order.
    public static func lines(_ pdf: Data) -> [String] {
        let bytes = [UInt8](pdf)
        var out: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "(") else { i += 1; continue }
            var depth = 1
            var run: [UInt8] = []
            var j = i + 1
            while j < bytes.count && depth > 0 {
                let b = bytes[j]
                if b == UInt8(ascii: "\\"), j + 1 < bytes.count {
                    let n = bytes[j + 1]
                    if n >= UInt8(ascii: "0") && n <= UInt8(ascii: "7") {
                        var value = 0, k = j + 1
                        while k < bytes.count && k < j + 4 && bytes[k] >= 48 && bytes[k] <= 55 { value = value * 8 + Int(bytes[k] - 48); k += 1 }
                        run.append(UInt8(value & 0xFF)); j = k; continue
                    }
                    let escapes: [UInt8: UInt8] = [110: 10, 114: 13, 116: 9, 98: 8, 102: 12]
                    run.append(escapes[n] ?? n); j += 2; continue
                }
                if b == UInt8(ascii: "(") { depth += 1 }
                if b == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                run.append(b); j += 1
            }
            // Only strings shown with Tj are text (not /Title (…) metadata).
            var k = j + 1
            while k < bytes.count && bytes[k] == 0x20 { k += 1 }
            if k + 1 < bytes.count && bytes[k] == UInt8(ascii: "T") && bytes[k + 1] == UInt8(ascii: "j") {
                out.append(WinAnsi.decode(run))
            }
            i = j + 1
        }
        return out
    }
}

extension WinAnsi {
    /// CP1252 bytes back to a string.
    public static func decode(_ bytes: [UInt8]) -> String {
        var reverse: [UInt8: UInt32] = [:]
        for (scalar, byte) in specials { reverse[byte] = scalar }
        var s = String.UnicodeScalarView()
        for b in bytes {
            if let special = reverse[b], let u = Unicode.Scalar(special) { s.append(u) } else { s.append(Unicode.Scalar(b)) }
        }
        return String(s)
    }
}
