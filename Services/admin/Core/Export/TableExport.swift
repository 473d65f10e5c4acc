import Contracts
import DocumentRequests
import FoundationEssentials
import Runtime
import SwissTime
import Wire

/// An admin list as a document: one table, as PDF (A4 landscape) or XLSX, titled
/// and dated for the employer in the caller's language. Each list says only its
/// words, columns and cells; the file, the pages and the workbook are made here.
protocol TableExport {
    var employer: EmployerRecord { get }
    var lang: Language { get }
    var date: Date { get }
    var title: String { get }
    var subtitle: String { get }
    /// The file name's first word ("utilisateurs-1283.220-2026-11-27.pdf").
    var filePrefix: String { get }
    /// The PDF's columns and their shares of the page's width.
    var columns: [DocumentRequest.TableReport.Column] { get }
    var pdfRows: [[String]] { get }
    var sheet: XLSXSheet { get }
}

extension TableExport {
    func render(_ format: ExportFormat) throws -> (filename: String, mediaType: String, content: Data) {
        let base = "\(filePrefix)-\(employer.number)-\(Self.day(date, iso: true))"
        switch format {
        case .pdf: return ("\(base).pdf", "application/pdf", try pdf())
        case .xlsx: return ("\(base).xlsx", xlsxMediaType, try xlsx())
        }
    }

    /// Rendered by the connect-documents helper: admin maps no PDF or font library.
    func pdf() throws -> Data {
        let page = Labels.page[lang]!
        return try DocumentRenderer.render(
            .table(
                DocumentRequest.TableReport(
                    title: title, subtitle: subtitle, columns: columns, rows: pdfRows,
                    footer: "\(page) {page} / {pages}", creationDate: date)))
    }

    func xlsx() throws -> Data {
        try DocumentRenderer.render(.workbook(DocumentRequest.Workbook(sheets: [sheet], title: title, created: date)))
    }

    /// Titles paired with their weights, for `columns`.
    static func weighted(_ titles: [String], weights: [Double]) -> [DocumentRequest.TableReport.Column] {
        zip(titles, weights).map { DocumentRequest.TableReport.Column(title: $0, weight: $1) }
    }

    /// 2026-11-27 in file names, 27.11.2026 (the Swiss way, in every language) on the page.
    static func day(_ date: Date, iso: Bool) -> String {
        iso ? SwissDate.isoDay(date) : SwissDate.day(date)
    }
}
