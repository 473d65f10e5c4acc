import DocumentRequests
import Documents
import Foundation

// connect-documents: renders one document for notifier or admin (DocumentRenderer),
// so that only this short-lived process maps cairo, pango and libxlsxwriter.
// In: `<count>\n<JSON DocumentRequest>` on stdin. Out: `ok <count>\n<bytes>` or
// `error <message>\n` on stdout (exit 1).

func fail(_ message: String) -> Never {
    let line = message.replacingOccurrences(of: "\n", with: " ")
    FileHandle.standardOutput.write(Data("error \(line)\n".utf8))
    exit(1)
}

func readRequest() throws -> DocumentRequest {
    let stdin = FileHandle.standardInput
    var header = Data()
    while header.last != 0x0A, header.count < 32 {
        guard let byte = try stdin.read(upToCount: 1), !byte.isEmpty else { break }
        header += byte
    }
    guard let count = Int(String(decoding: header, as: UTF8.self).trimmingCharacters(in: .newlines)),
        count >= 0, count <= 256 << 20
    else { fail("no request") }
    let payload = try stdin.read(upToCount: count) ?? Data()
    guard payload.count == count else { fail("request cut short (\(payload.count) of \(count) bytes)") }
    return try JSONDecoder().decode(DocumentRequest.self, from: payload)
}

func render(_ request: DocumentRequest) throws -> Data {
    switch request {
    case .table(let spec):
        var report = PDFTableReport(
            title: spec.title, subtitle: spec.subtitle,
            columns: spec.columns,
            rows: spec.rows, footer: { spec.footer($0, $1) })
        report.author = spec.author
        report.creationDate = spec.creationDate
        return try report.render()
    case .workbook(let spec):
        return try XLSXWriter.workbook(spec.sheets, title: spec.title, created: spec.created)
    case .letter(let letter):
        return try letter.pdf()
    }
}

do {
    let document = try render(try readRequest())
    FileHandle.standardOutput.write(Data("ok \(document.count)\n".utf8) + document)
} catch {
    fail("\(error)")
}
