import Foundation

/// A paginated table report on A4 landscape: title and subtitle on the first page (the
/// title repeated small on later pages), a bold header row on grey repeated on every page,
/// rows separated by thin lines, cells truncated to their column, and a footer per page.
public struct PDFTableReport: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// Share of the table width, relative to the other columns' weights.
        public var weight: Double
        public init(title: String, weight: Double) {
            self.title = title
            self.weight = weight
        }
    }

    public var title: String
    public var subtitle: String
    public var columns: [Column]
    public var rows: [[String]]
    /// `footer(pageNumber, pageCount)`, page numbers from 1.
    public var footer: @Sendable (Int, Int) -> String
    public var author: String?
    public var creationDate: Date?

    public init(title: String, subtitle: String, columns: [Column], rows: [[String]],
                footer: @escaping @Sendable (Int, Int) -> String) {
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.rows = rows
        self.footer = footer
    }

    /// Page geometry in points; top-left origin like PDFWriter.
    struct Layout {
        static let page = PDFPageSize.a4Landscape
        static let margin = 36.0
        static let firstTableTop = 84.0
        static let laterTableTop = 56.0
        static let headerHeight = 18.0
        static let rowHeight = 16.0
        static let bottomLimit = page.height - 44
        static let footerBaseline = page.height - 22
        static let cellPadding = 4.0
        static let fontSize = 9.0

        static func rowsFitting(tableTop: Double) -> Int {
            max(1, Int((bottomLimit - tableTop - headerHeight) / rowHeight))
        }
    }

    /// Row ranges per page: the first page has less room (title and subtitle).
    func pageRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        repeat {
            let room = Layout.rowsFitting(tableTop: ranges.isEmpty ? Layout.firstTableTop : Layout.laterTableTop)
            let end = min(rows.count, start + room)
            ranges.append(start..<end)
            start = end
        } while start < rows.count
        return ranges
    }

    public func render() -> Data {
        let pdf = PDFWriter(title: title, author: author)
        if let creationDate { pdf.creationDate = creationDate }
        let ranges = pageRanges()
        let tableWidth = Layout.page.width - 2 * Layout.margin
        let totalWeight = columns.reduce(0) { $0 + max($1.weight, 0) }
        let widths = columns.map { column in
            totalWeight > 0 ? tableWidth * max(column.weight, 0) / totalWeight : tableWidth / Double(columns.count)
        }

        for (index, range) in ranges.enumerated() {
            pdf.beginPage(Layout.page)
            var top: Double
            if index == 0 {
                pdf.text(PDFWriter.truncate(title, width: tableWidth, font: .bold, size: 16),
                         x: Layout.margin, y: Layout.margin + 14, font: .bold, size: 16)
                pdf.text(PDFWriter.truncate(subtitle, width: tableWidth, font: .regular, size: 10),
                         x: Layout.margin, y: Layout.margin + 32, size: 10)
                top = Layout.firstTableTop
            } else {
                pdf.text(PDFWriter.truncate(title, width: tableWidth, font: .bold, size: 9),
                         x: Layout.margin, y: Layout.margin + 8, font: .bold, size: 9)
                top = Layout.laterTableTop
            }

            pdf.rect(x: Layout.margin, y: top, width: tableWidth, height: Layout.headerHeight,
                     fillGray: 0.85, strokeWidth: 0.5)
            drawCells(columns.map(\.title), in: pdf, widths: widths, top: top,
                      height: Layout.headerHeight, font: .bold)
            top += Layout.headerHeight

            for row in rows[range] {
                drawCells(row, in: pdf, widths: widths, top: top, height: Layout.rowHeight, font: .regular)
                top += Layout.rowHeight
                pdf.line(x1: Layout.margin, y1: top, x2: Layout.margin + tableWidth, y2: top, width: 0.25)
            }

            let footerText = footer(index + 1, ranges.count)
            let footerWidth = PDFWriter.width(of: footerText, font: .regular, size: 8)
            pdf.text(footerText, x: Layout.page.width - Layout.margin - footerWidth,
                     y: Layout.footerBaseline, size: 8)
        }
        return pdf.finish()
    }

    /// One row of cells; text vertically centred on the row, truncated to its column.
    private func drawCells(_ cells: [String], in pdf: PDFWriter, widths: [Double], top: Double,
                           height: Double, font: PDFFont) {
        var x = Layout.margin
        let baseline = top + height / 2 + Layout.fontSize * 0.35
        for (column, width) in widths.enumerated() {
            let value = column < cells.count ? cells[column] : ""
            let fitted = PDFWriter.truncate(value, width: width - 2 * Layout.cellPadding, font: font,
                                            size: Layout.fontSize)
            pdf.text(fitted, x: x + Layout.cellPadding, y: baseline, font: font, size: Layout.fontSize)
            x += width
        }
    }
}
