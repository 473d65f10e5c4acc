import Foundation

public enum XLSXCell: Sendable, Equatable {
    case text(String), number(Double), bool(Bool), empty
}

public struct XLSXSheet: Sendable {
    public var name: String
    /// The first row, written bold, frozen and with an autofilter over the table.
    public var header: [String]
    /// Column widths in Excel's character units (missing ones use the default width).
    public var columnWidths: [Double]
    public var rows: [[XLSXCell]]

    public init(name: String, header: [String], columnWidths: [Double], rows: [[XLSXCell]]) {
        self.name = name
        self.header = header
        self.columnWidths = columnWidths
        self.rows = rows
    }

    /// Width of the table: the widest of header, widths and rows.
    var columnCount: Int {
        max(header.count, columnWidths.count, rows.map(\.count).max() ?? 0)
    }
}

/// Writes an Office Open XML workbook (.xlsx) by hand: a STORED ZIP of the minimal parts
/// Excel, LibreOffice and openpyxl need, one worksheet per sheet, shared strings, a bold
/// style for the header row, document title and creation date.
public enum XLSXWriter {
    public static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    public static func workbook(_ sheets: [XLSXSheet], title: String? = nil) -> Data {
        workbook(sheets, title: title, created: Date())
    }

    public static func workbook(_ sheets: [XLSXSheet], title: String?, created: Date) -> Data {
        // A workbook needs at least one sheet to open.
        let sheets = sheets.isEmpty ? [XLSXSheet(name: "Sheet1", header: [], columnWidths: [], rows: [])] : sheets
        let names = XLSXNames.sheetNames(sheets.map(\.name))
        var strings = XLSXSharedStrings()
        let worksheets = sheets.map { XLSXWorksheet.xml($0, strings: &strings) }

        var zip = ZipWriter(date: created)
        zip.add(path: "[Content_Types].xml", data: Data(contentTypes(sheetCount: sheets.count).utf8))
        zip.add(path: "_rels/.rels", data: Data(XLSXParts.packageRelationships.utf8))
        zip.add(path: "docProps/core.xml", data: Data(XLSXParts.core(title: title, created: created).utf8))
        zip.add(path: "docProps/app.xml", data: Data(XLSXParts.app.utf8))
        zip.add(path: "xl/workbook.xml", data: Data(workbookXML(sheets, names: names).utf8))
        zip.add(path: "xl/_rels/workbook.xml.rels", data: Data(workbookRelationships(sheetCount: sheets.count).utf8))
        zip.add(path: "xl/styles.xml", data: Data(XLSXParts.styles.utf8))
        zip.add(path: "xl/sharedStrings.xml", data: Data(strings.xml().utf8))
        for (index, worksheet) in worksheets.enumerated() {
            zip.add(path: "xl/worksheets/sheet\(index + 1).xml", data: Data(worksheet.utf8))
        }
        return zip.finish()
    }

    static func contentTypes(sheetCount: Int) -> String {
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = XLSXParts.declaration
            + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="\#(main).sheet.main+xml"/>"#
        for index in 1...sheetCount {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="\#(main).worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="\#(main).styles+xml"/>"#
            + #"<Override PartName="/xl/sharedStrings.xml" ContentType="\#(main).sharedStrings+xml"/>"#
            + #"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#
            + #"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#
            + "</Types>"
        return xml
    }

    static func workbookXML(_ sheets: [XLSXSheet], names: [String]) -> String {
        var xml = XLSXParts.declaration
            + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
            + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
            + #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(Markup.escape(name))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        xml += "</sheets>"
        // Excel keeps the autofilter range as this hidden name; writing it avoids a repair.
        var defined = ""
        for (index, sheet) in sheets.enumerated() {
            guard let range = XLSXWorksheet.filterRange(sheet) else { continue }
            let absolute = range.split(separator: ":").map { XLSXNames.absolute(String($0)) }.joined(separator: ":")
            let quoted = "'" + names[index].replacingOccurrences(of: "'", with: "''") + "'!" + absolute
            defined += #"<definedName name="_xlnm._FilterDatabase" localSheetId="\#(index)" hidden="1">"#
                + Markup.escape(quoted) + "</definedName>"
        }
        if !defined.isEmpty { xml += "<definedNames>\(defined)</definedNames>" }
        return xml + "</workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var xml = XLSXParts.declaration
            + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...sheetCount {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(base)/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(base)/styles" Target="styles.xml"/>"#
            + #"<Relationship Id="rId\#(sheetCount + 2)" Type="\#(base)/sharedStrings" Target="sharedStrings.xml"/>"#
            + "</Relationships>"
        return xml
    }
}
