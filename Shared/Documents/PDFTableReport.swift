import DocumentRequests
import Foundation

/// A paginated table on A4 landscape: title and subtitle on the first page (the title
/// repeated small on later pages), a bold header row on grey repeated on every page,
/// cells wrapped inside their column (never cut), thin lines between rows, and the
/// footer (e.g. "Page 2 / 7") at the bottom right of every page.
public struct PDFTableReport: Sendable {
    /// A column's title and its share of the width: the request's own type.
    public typealias Column = DocumentRequest.TableReport.Column

    public var title: String
    public var subtitle: String
    public var columns: [Column]
    public var rows: [[String]]
    /// `footer(pageNumber, pageCount)`, page numbers from 1.
    public var footer: @Sendable (Int, Int) -> String
    public var author: String?
    public var creationDate: Date?

    public init(
        title: String, subtitle: String, columns: [Column], rows: [[String]],
        footer: @escaping @Sendable (Int, Int) -> String
    ) {
        self.title = title
        self.subtitle = subtitle
        self.columns = columns
        self.rows = rows
        self.footer = footer
    }

    /// Page geometry in points, from the top-left corner.
    enum Layout {
        static let page = PDFDocument.PageSize.a4Landscape
        static let margin = 36.0
        static let firstTableTop = 84.0
        static let laterTableTop = 56.0
        static let bottomLimit = page.height - 40
        static let footerTop = page.height - 28
        static let padding = 3.5
        static let cell = PDFDocument.Style.regular(8)
        static let header = PDFDocument.Style.bold(8)
        /// A cell longer than this many lines ends with "…", so any row fits on a page.
        static let maxLines = 12
    }

    public func render() throws -> Data {
        let pdf = PDFDocument(page: Layout.page, title: title, author: author, created: creationDate)
        let widths = columnWidths()
        let cells = CellCache(pdf, widths: widths.map { $0 - 2 * Layout.padding })
        let headerHeight = rowHeight(columns.map(\.title), pdf, widths, Layout.header)
        let heights = rows.map { cells.rowHeight($0) + 2 * Layout.padding }
        let pages = paginate(heights, headerHeight: headerHeight)

        for (index, range) in pages.enumerated() {
            if index > 0 { pdf.newPage() }
            var top = heading(pdf, first: index == 0)
            pdf.rect(
                x: Layout.margin, y: top, width: widths.reduce(0, +), height: headerHeight,
                fillGray: 0.85, strokeWidth: 0.5)
            drawCells(columns.map(\.title), pdf, widths, top: top, style: Layout.header)
            top += headerHeight
            for row in range {
                cells.draw(rows[row], x: Layout.margin + Layout.padding, y: top + Layout.padding, columnWidths: widths)
                top += heights[row]
                pdf.line(
                    x1: Layout.margin, y1: top, x2: Layout.margin + widths.reduce(0, +), y2: top,
                    width: 0.25, gray: 0.4)
            }
            pdf.text(
                footer(index + 1, pages.count), x: Layout.margin, y: Layout.footerTop,
                width: Layout.page.width - 2 * Layout.margin, style: .regular(8), align: .right)
        }
        return try pdf.finish()
    }

    func columnWidths() -> [Double] {
        let tableWidth = Layout.page.width - 2 * Layout.margin
        let total = columns.reduce(0) { $0 + max($1.weight, 0) }
        return columns.map { column in
            total > 0 ? tableWidth * max(column.weight, 0) / total : tableWidth / Double(columns.count)
        }
    }

    /// Row ranges per page: the first page has less room (title and subtitle).
    func paginate(_ heights: [Double], headerHeight: Double) -> [Range<Int>] {
        var pages: [Range<Int>] = []
        var start = 0
        repeat {
            var top = (pages.isEmpty ? Layout.firstTableTop : Layout.laterTableTop) + headerHeight
            var end = start
            // At least one row per page, so a document always ends.
            while end < heights.count && (end == start || top + heights[end] <= Layout.bottomLimit) {
                top += heights[end]
                end += 1
            }
            pages.append(start..<end)
            start = end
        } while start < heights.count
        return pages
    }

    /// Title and subtitle, or the small title of a later page; returns the table's top.
    private func heading(_ pdf: PDFDocument, first: Bool) -> Double {
        let width = Layout.page.width - 2 * Layout.margin
        if first {
            pdf.text(title, x: Layout.margin, y: Layout.margin - 4, width: width, style: .bold(15), maxLines: 1)
            pdf.text(subtitle, x: Layout.margin, y: Layout.margin + 20, width: width, style: .regular(9.5), maxLines: 1)
            return Layout.firstTableTop
        }
        pdf.text(title, x: Layout.margin, y: Layout.margin - 6, width: width, style: .bold(8.5), maxLines: 1)
        return Layout.laterTableTop
    }

    private func rowHeight(
        _ cells: [String], _ pdf: PDFDocument, _ widths: [Double],
        _ style: PDFDocument.Style
    ) -> Double {
        var tallest = 0.0
        for (column, width) in widths.enumerated() where column < cells.count && !cells[column].isEmpty {
            let size = pdf.measure(
                cells[column], width: width - 2 * Layout.padding, style: style,
                maxLines: Layout.maxLines)
            tallest = max(tallest, size.height)
        }
        if tallest == 0 { tallest = pdf.measure("X", style: style).height }
        return tallest + 2 * Layout.padding
    }

    private func drawCells(
        _ cells: [String], _ pdf: PDFDocument, _ widths: [Double], top: Double,
        style: PDFDocument.Style
    ) {
        var x = Layout.margin
        for (column, width) in widths.enumerated() {
            if column < cells.count && !cells[column].isEmpty {
                pdf.text(
                    cells[column], x: x + Layout.padding, y: top + Layout.padding,
                    width: width - 2 * Layout.padding, style: style, maxLines: Layout.maxLines)
            }
            x += width
        }
    }
}

/// The body's cells laid out once per column and text, measured in the first pass and
/// drawn in the second (laying text out is most of a table's cost; a list also repeats
/// its languages, flags and rights on every row). Up to `limit` texts are kept (about
/// 2 KiB each); past that, cells are laid out when measured and again when drawn.
private final class CellCache {
    static let limit = 24_000
    private let pdf: PDFDocument
    private let widths: [Double]
    private var blocks: [[String: PDFDocument.Block]]
    private var count = 0

    init(_ pdf: PDFDocument, widths: [Double]) {
        self.pdf = pdf
        self.widths = widths
        blocks = Array(repeating: [:], count: widths.count)
    }

    func rowHeight(_ cells: [String]) -> Double {
        var tallest = 0.0
        for (column, text) in cells.prefix(widths.count).enumerated() where !text.isEmpty {
            let height: Double
            if let block = blocks[column][text] {
                height = block.height
            } else if count < CellCache.limit {
                let block = pdf.block(
                    text, width: widths[column], style: PDFTableReport.Layout.cell,
                    maxLines: PDFTableReport.Layout.maxLines)
                blocks[column][text] = block
                count += 1
                height = block.height
            } else {
                height =
                    pdf.measure(
                        text, width: widths[column], style: PDFTableReport.Layout.cell,
                        maxLines: PDFTableReport.Layout.maxLines
                    ).height
            }
            tallest = max(tallest, height)
        }
        return tallest > 0 ? tallest : pdf.measure("X", style: PDFTableReport.Layout.cell).height
    }

    func draw(_ cells: [String], x start: Double, y: Double, columnWidths: [Double]) {
        var x = start
        for (column, text) in cells.prefix(widths.count).enumerated() {
            defer { x += columnWidths[column] }
            guard !text.isEmpty else { continue }
            if let block = blocks[column][text] {
                pdf.draw(block, x: x, y: y)
            } else {
                pdf.text(
                    text, x: x, y: y, width: widths[column], style: PDFTableReport.Layout.cell,
                    maxLines: PDFTableReport.Layout.maxLines)
            }
        }
    }
}
