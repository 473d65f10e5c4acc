import CXLSXWriter
import DocumentRequests
import Foundation

/// Workbooks (.xlsx) through libxlsxwriter: deflate-compressed parts, shared strings,
/// typed cells (text is always written as a string, so `=cmd|…` stays text and is
/// never a formula), document title and creation date.
///
/// libxlsxwriter writes to a file: each workbook gets a private temporary directory
/// (its scratch files too), read back and removed before returning.
public enum XLSXWriter {
    public static let mediaType = xlsxMediaType

    /// Excel's limit for one cell's text, in UTF-16 code units.
    static let maximumLength = 32_767

    public static func workbook(_ sheets: [XLSXSheet], title: String? = nil, created: Date = Date()) throws -> Data {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/book.xlsx"
        var options = lxw_workbook_options()
        let book: UnsafeMutablePointer<lxw_workbook>? = directory.path.withCString { tmp in
            options.tmpdir = UnsafeMutablePointer(mutating: tmp)
            return workbook_new_opt(path, &options)
        }
        guard let book else { throw DocumentError("XLSX: cannot create the workbook") }
        try fill(book, sheets: sheets, title: title, created: created)
        let status = workbook_close(book)
        guard status == LXW_NO_ERROR else {
            throw DocumentError("XLSX: \(String(cString: lxw_strerror(status)))")
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    private static func fill(
        _ book: UnsafeMutablePointer<lxw_workbook>, sheets: [XLSXSheet], title: String?,
        created: Date
    ) throws {
        let header = workbook_add_format(book)
        format_set_bold(header)
        format_set_bg_color(header, 0xD9D9D9)
        // A workbook needs at least one sheet to open.
        let sheets = sheets.isEmpty ? [XLSXSheet(name: "Sheet1", header: [], columnWidths: [], rows: [])] : sheets
        for (sheet, name) in zip(sheets, XLSXNames.sheetNames(sheets.map(\.name))) {
            guard let worksheet = workbook_add_worksheet(book, name) else {
                throw DocumentError("XLSX: sheet name «\(name)» refused")
            }
            try write(sheet, to: worksheet, header: header)
        }
        try withProperties(title: title, created: created) { properties in
            _ = workbook_set_properties(book, properties)
        }
    }

    private static func write(
        _ sheet: XLSXSheet, to worksheet: UnsafeMutablePointer<lxw_worksheet>,
        header: UnsafeMutablePointer<lxw_format>?
    ) throws {
        worksheet_set_landscape(worksheet)
        worksheet_set_paper(worksheet, 9) // A4
        worksheet_set_margins(worksheet, 0.5, 0.5, 0.75, 0.75)
        for (column, width) in sheet.columnWidths.enumerated() where width.isFinite && width > 0 {
            _ = worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), min(width, 255), nil)
        }
        var row: lxw_row_t = 0
        if !sheet.header.isEmpty {
            for column in 0..<sheet.columnCount {
                let title = column < sheet.header.count ? sheet.header[column] : ""
                try check(
                    title.isEmpty
                        ? worksheet_write_blank(worksheet, 0, lxw_col_t(column), header)
                        : worksheet_write_string(worksheet, 0, lxw_col_t(column), clean(title), header))
            }
            // The header stays visible while scrolling, and filters the table under it.
            worksheet_freeze_panes(worksheet, 1, 0)
            let last = lxw_row_t(sheet.rows.count)
            try check(worksheet_autofilter(worksheet, 0, 0, last, lxw_col_t(sheet.columnCount - 1)))
            row = 1
        }
        for cells in sheet.rows {
            for (column, cell) in cells.enumerated() {
                try write(cell, worksheet, row, lxw_col_t(column))
            }
            row += 1
        }
    }

    private static func write(
        _ cell: XLSXCell, _ worksheet: UnsafeMutablePointer<lxw_worksheet>,
        _ row: lxw_row_t, _ column: lxw_col_t
    ) throws {
        switch cell {
        case .empty:
            return
        case .text(let text):
            let cleaned = clean(text)
            guard !cleaned.isEmpty else { return }
            try check(worksheet_write_string(worksheet, row, column, cleaned, nil))
        case .number(let value):
            // NaN and infinities have no spreadsheet form: the cell stays empty.
            guard value.isFinite else { return }
            try check(worksheet_write_number(worksheet, row, column, value, nil))
        case .bool(let value):
            try check(worksheet_write_boolean(worksheet, row, column, value ? 1 : 0, nil))
        }
    }

    /// A cell's text: harmful characters dropped (see DocumentText), at most Excel's length.
    static func clean(_ text: String) -> String {
        DocumentText.clean(text, limit: maximumLength)
    }

    private static func check(_ error: lxw_error) throws {
        guard error == LXW_NO_ERROR else { throw DocumentError("XLSX: \(String(cString: lxw_strerror(error)))") }
    }

    private static func withProperties(
        title: String?, created: Date,
        _ body: (UnsafeMutablePointer<lxw_doc_properties>) throws -> Void
    ) rethrows {
        var properties = lxw_doc_properties()
        properties.created = time_t(created.timeIntervalSince1970)
        try "connect".withCString { author in
            properties.author = UnsafeMutablePointer(mutating: author)
            try (title.map { clean($0) } ?? "").withCString { titleText in
                if title != nil { properties.title = UnsafeMutablePointer(mutating: titleText) }
                try body(&properties)
            }
        }
    }
}

/// A directory of its own under the system's temporary directory, for one document.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/connect-doc-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw DocumentError("XLSX: no temporary directory") }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Sheet names as Excel accepts them.
enum XLSXNames {
    /// Valid, distinct sheet names: no : \ / ? * [ ], no edge apostrophes, 1–31 characters,
    /// unique ignoring case (Excel refuses the file otherwise).
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.enumerated().map { index, name in
            let cleaned = DocumentText.clean(name, limit: 31)
            var base = String(cleaned.map { ":\\/?*[]".contains($0) ? "-" : $0.isWhitespace ? " " : $0 })
            base = base.trimmingCharacters(in: CharacterSet(charactersIn: "' "))
            if base.isEmpty { base = "Sheet\(index + 1)" }
            var candidate = base
            var suffix = 2
            while used.contains(candidate.lowercased()) {
                let tail = " (\(suffix))"
                candidate = DocumentText.clean(base, limit: 31 - tail.utf16.count) + tail
                suffix += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }
}
