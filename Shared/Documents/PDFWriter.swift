import Foundation

/// The two standard-14 fonts documents use; no font is embedded.
public enum PDFFont: Sendable {
    case regular, bold

    var resourceName: String { self == .regular ? "F1" : "F2" }
    var baseFont: String { self == .regular ? "Helvetica" : "Helvetica-Bold" }
}

public enum PDFPageSize: Sendable {
    case a4Portrait, a4Landscape

    /// Width in points (1/72 inch).
    public var width: Double { self == .a4Portrait ? 595.28 : 841.89 }
    public var height: Double { self == .a4Portrait ? 841.89 : 595.28 }
}

/// Writes a PDF 1.4 file by hand: Helvetica text in WinAnsi, lines and rectangles.
/// Coordinates are in points from the TOP-LEFT corner, y growing downwards (as a page is
/// read); the writer flips them into PDF's bottom-up space. Text `y` is the baseline.
public final class PDFWriter {
    private struct Page {
        var size: PDFPageSize
        var content: [UInt8] = []
    }

    private let title: String?
    private let author: String?
    /// Stamped as /CreationDate; settable so tests and archives can be reproducible.
    public var creationDate = Date()
    private var pages: [Page] = []

    public init(title: String? = nil, author: String? = nil) {
        self.title = title
        self.author = author
    }

    public var pageCount: Int { pages.count }

    /// Starts a new page; later drawing goes there.
    public func beginPage(_ size: PDFPageSize) {
        pages.append(Page(size: size))
    }

    public func text(_ string: String, x: Double, y: Double, font: PDFFont = .regular, size: Double = 10) {
        let bytes = WinAnsi.encode(string)
        guard !bytes.isEmpty else { return }
        let baseline = currentHeight - y
        emit("BT /\(font.resourceName) \(PDFWriter.number(size)) Tf \(PDFWriter.number(x)) \(PDFWriter.number(baseline)) Td ")
        emitString(bytes)
        emit(" Tj ET\n")
    }

    public func line(x1: Double, y1: Double, x2: Double, y2: Double, width: Double = 0.5) {
        let height = currentHeight
        emit("\(PDFWriter.number(width)) w \(PDFWriter.number(x1)) \(PDFWriter.number(height - y1)) m "
             + "\(PDFWriter.number(x2)) \(PDFWriter.number(height - y2)) l S\n")
    }

    /// A rectangle whose top-left corner is (x, y). `fillGray` 0 = black … 1 = white;
    /// `strokeWidth` nil draws no outline.
    public func rect(x: Double, y: Double, width: Double, height: Double, fillGray: Double? = nil,
                     strokeWidth: Double? = 0.5) {
        guard fillGray != nil || strokeWidth != nil else { return }
        let bottom = currentHeight - y - height
        var ops = "q "
        if let gray = fillGray { ops += "\(PDFWriter.number(min(max(gray, 0), 1))) g " }
        if let stroke = strokeWidth { ops += "\(PDFWriter.number(stroke)) w " }
        ops += "\(PDFWriter.number(x)) \(PDFWriter.number(bottom)) \(PDFWriter.number(width)) \(PDFWriter.number(height)) re "
        switch (fillGray, strokeWidth) {
        case (.some, .some): ops += "B"
        case (.some, .none): ops += "f"
        default: ops += "S"
        }
        emit(ops + " Q\n")
    }

    /// The whole file. A document without any page gets one empty A4 portrait page
    /// (a PDF must have at least one).
    public func finish() -> Data {
        if pages.isEmpty { beginPage(.a4Portrait) }
        var file = PDFFile()
        let catalog = 1, pageTree = 2, regularFont = 3, boldFont = 4, info = 5
        let firstPage = 6
        let pageIDs = pages.indices.map { firstPage + 2 * $0 }

        file.object(catalog, "<< /Type /Catalog /Pages \(pageTree) 0 R >>")
        let kids = pageIDs.map { "\($0) 0 R" }.joined(separator: " ")
        file.object(pageTree, "<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        for (id, font) in [(regularFont, PDFFont.regular), (boldFont, .bold)] {
            file.object(id, "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) "
                        + "/Encoding /WinAnsiEncoding >>")
        }
        var infoEntries = "/Producer (connect) /CreationDate (\(PDFWriter.pdfDate(creationDate)))"
        if let title { infoEntries = "/Title \(PDFWriter.textString(title)) " + infoEntries }
        if let author { infoEntries = "/Author \(PDFWriter.textString(author)) " + infoEntries }
        file.object(info, "<< \(infoEntries) >>")

        let fonts = "/Font << /F1 \(regularFont) 0 R /F2 \(boldFont) 0 R >>"
        for (page, id) in zip(pages, pageIDs) {
            let box = "[0 0 \(PDFWriter.number(page.size.width)) \(PDFWriter.number(page.size.height))]"
            file.object(id, "<< /Type /Page /Parent \(pageTree) 0 R /MediaBox \(box) "
                        + "/Resources << \(fonts) >> /Contents \(id + 1) 0 R >>")
            file.stream(id + 1, page.content)
        }
        return file.finish(root: catalog, info: info)
    }

    // MARK: - Drawing helpers

    private var currentHeight: Double {
        if pages.isEmpty { beginPage(.a4Portrait) }
        return pages[pages.count - 1].size.height
    }

    private func emit(_ string: String) {
        if pages.isEmpty { beginPage(.a4Portrait) }
        pages[pages.count - 1].content.append(contentsOf: string.utf8)
    }

    /// A literal string: ( ) \ escaped, bytes outside printable ASCII as octal so the
    /// content stream stays 7-bit.
    private func emitString(_ bytes: [UInt8]) {
        var out: [UInt8] = [0x28]
        for byte in bytes {
            switch byte {
            case 0x28, 0x29, 0x5C: out += [0x5C, byte]
            case 0x20..<0x7F: out.append(byte)
            default: out += Array("\\" + String(byte, radix: 8).leftPadded(to: 3)).map { $0.asciiValue! }
            }
        }
        out.append(0x29)
        if pages.isEmpty { beginPage(.a4Portrait) }
        pages[pages.count - 1].content.append(contentsOf: out)
    }

    /// Up to two decimals, no exponent, no trailing zeros, "." whatever the locale.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(String(fraction).leftPadded(to: 2))"
    }

    /// A text string for /Info: UTF-16BE with byte order mark, as a hex string.
    static func textString(_ string: String) -> String {
        var hex = "<FEFF"
        for unit in string.utf16 { hex += String(format: "%04X", unit) }
        return hex + ">"
    }

    static func pdfDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let parts = [c.month, c.day, c.hour, c.minute, c.second].map { String($0 ?? 0).leftPadded(to: 2) }
        return "D:\(String(c.year ?? 1970).leftPadded(to: 4))" + parts.joined() + "Z"
    }
}

/// Object bodies with their byte offsets, then the cross-reference table and trailer.
private struct PDFFile {
    private var bytes: [UInt8] = []
    private var offsets: [Int: Int] = [:]

    init() {
        // The binary comment tells transfer tools the file is not text.
        bytes += Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    }

    mutating func object(_ id: Int, _ body: String) {
        offsets[id] = bytes.count
        bytes += Array("\(id) 0 obj\n\(body)\nendobj\n".utf8)
    }

    mutating func stream(_ id: Int, _ content: [UInt8]) {
        offsets[id] = bytes.count
        bytes += Array("\(id) 0 obj\n<< /Length \(content.count) >>\nstream\n".utf8)
        bytes += content
        bytes += Array("\nendstream\nendobj\n".utf8)
    }

    mutating func finish(root: Int, info: Int) -> Data {
        let size = (offsets.keys.max() ?? 0) + 1
        let xrefOffset = bytes.count
        var table = "xref\n0 \(size)\n0000000000 65535 f \n"
        for id in 1..<size {
            if let offset = offsets[id] {
                table += String(offset).leftPadded(to: 10) + " 00000 n \n"
            } else {
                table += "0000000000 65535 f \n"
            }
        }
        table += "trailer\n<< /Size \(size) /Root \(root) 0 R /Info \(info) 0 R >>\n"
        table += "startxref\n\(xrefOffset)\n%%EOF\n"
        bytes += Array(table.utf8)
        return Data(bytes)
    }
}

fileprivate extension String {
    func leftPadded(to length: Int, with pad: Character = "0") -> String {
        count >= length ? self : String(repeating: pad, count: length - count) + self
    }
}
