import Foundation

/// One worksheet part: header row (bold, frozen, autofiltered), column widths, cells.
enum XLSXWorksheet {
    static let headerStyle = 1

    /// The autofilter range (header plus rows), nil when the sheet has no header.
    static func filterRange(_ sheet: XLSXSheet) -> String? {
        guard !sheet.header.isEmpty, sheet.columnCount > 0 else { return nil }
        return "A1:" + XLSXNames.cellReference(column: sheet.columnCount - 1, row: 1 + sheet.rows.count)
    }

    static func xml(_ sheet: XLSXSheet, strings: inout XLSXSharedStrings) -> String {
        let hasHeader = !sheet.header.isEmpty
        let rowCount = sheet.rows.count + (hasHeader ? 1 : 0)
        let dimension = sheet.columnCount == 0 || rowCount == 0
            ? "A1" : "A1:" + XLSXNames.cellReference(column: sheet.columnCount - 1, row: rowCount)

        var xml = XLSXParts.declaration
            + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
            + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<dimension ref="\#(dimension)"/><sheetViews><sheetView workbookViewId="0">"#
        if hasHeader {
            // The header stays visible while scrolling.
            xml += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
                + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        xml += #"</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#

        let widths = sheet.columnWidths.enumerated().filter { $0.element.isFinite && $0.element > 0 }
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths {
                let value = XLSXNames.decimal(min(width, 255))
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(value)" customWidth="1"/>"#
            }
            xml += "</cols>"
        }

        xml += "<sheetData>"
        var rowNumber = 0
        if hasHeader {
            rowNumber += 1
            xml += #"<row r="1">"#
            for column in 0..<sheet.columnCount {
                let reference = XLSXNames.cellReference(column: column, row: 1)
                let title = column < sheet.header.count ? sheet.header[column] : ""
                if title.isEmpty {
                    xml += #"<c r="\#(reference)" s="\#(headerStyle)"/>"#
                } else {
                    xml += #"<c r="\#(reference)" s="\#(headerStyle)" t="s"><v>\#(strings.index(of: title))</v></c>"#
                }
            }
            xml += "</row>"
        }
        for row in sheet.rows {
            rowNumber += 1
            xml += #"<row r="\#(rowNumber)">"#
            for (column, cell) in row.enumerated() {
                xml += cellXML(cell, reference: XLSXNames.cellReference(column: column, row: rowNumber),
                               strings: &strings)
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if let range = filterRange(sheet) { xml += #"<autoFilter ref="\#(range)"/>"# }
        xml += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
            + #"<pageSetup paperSize="9" orientation="landscape"/>"#
        return xml + "</worksheet>"
    }

    private static func cellXML(_ cell: XLSXCell, reference: String, strings: inout XLSXSharedStrings) -> String {
        switch cell {
        case .empty:
            return ""
        case .text(let text):
            return #"<c r="\#(reference)" t="s"><v>\#(strings.index(of: text))</v></c>"#
        case .number(let value):
            // NaN and infinities have no spreadsheet form: the cell stays empty.
            guard value.isFinite else { return "" }
            return #"<c r="\#(reference)"><v>\#(XLSXNames.number(value))</v></c>"#
        case .bool(let value):
            return #"<c r="\#(reference)" t="b"><v>\#(value ? 1 : 0)</v></c>"#
        }
    }
}

/// The workbook's shared string table: each distinct text stored once, cells refer by index.
struct XLSXSharedStrings {
    /// Excel's limit for one cell's text, in UTF-16 code units.
    static let maximumLength = 32_767

    private var indexes: [String: Int] = [:]
    private var ordered: [String] = []
    private var references = 0

    mutating func index(of text: String) -> Int {
        references += 1
        let cleaned = XMLText.clean(text, limit: XLSXSharedStrings.maximumLength)
        if let index = indexes[cleaned] { return index }
        indexes[cleaned] = ordered.count
        ordered.append(cleaned)
        return ordered.count - 1
    }

    func xml() -> String {
        var xml = XLSXParts.declaration
            + #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
            + #"count="\#(references)" uniqueCount="\#(ordered.count)">"#
        for text in ordered {
            // Without xml:space="preserve" readers may drop leading/trailing spaces.
            let preserve = text.first?.isWhitespace == true || text.last?.isWhitespace == true
            xml += preserve ? #"<si><t xml:space="preserve">"# : "<si><t>"
            xml += Markup.escape(text) + "</t></si>"
        }
        return xml + "</sst>"
    }
}

/// Cell references, sheet names and number formatting in Excel's conventions.
enum XLSXNames {
    /// Column letters from a 0-based index: 0 → A, 25 → Z, 26 → AA, 701 → ZZ, 702 → AAA.
    static func columnLetters(_ index: Int) -> String {
        var remaining = index + 1
        var letters: [Character] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(Character(Unicode.Scalar(UInt8(65 + remaining % 26))))
            remaining /= 26
        }
        return String(letters.reversed())
    }

    /// "B3" from column 1 (0-based) and row 3 (1-based).
    static func cellReference(column: Int, row: Int) -> String {
        columnLetters(column) + String(row)
    }

    /// "$B$3" from "B3".
    static func absolute(_ reference: String) -> String {
        let letters = reference.prefix { $0.isLetter }
        return "$" + letters + "$" + reference.dropFirst(letters.count)
    }

    /// Valid, distinct sheet names: no : \ / ? * [ ], no edge apostrophes, 1–31 characters,
    /// unique ignoring case (Excel refuses the file otherwise).
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.enumerated().map { index, name in
            var base = String(XMLText.clean(name, limit: 31).map { ":\\/?*[]".contains($0) ? "-" : $0.isWhitespace ? " " : $0 })
            base = base.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var candidate = base
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                let tail = " (\(suffix))"
                candidate = XMLText.clean(base, limit: 31 - tail.utf16.count) + tail
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// A cell value: integers without ".0", others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A width or measure with at most two decimals.
    static func decimal(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return number(rounded)
    }
}
