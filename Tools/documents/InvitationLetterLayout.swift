import DocumentRequests
import Documents
import Foundation

/// The invitation letter laid out on A4 portrait like the seed's, for a Swiss window
/// envelope: the fund's sender block, the confidential mark over the employer's
/// address (right-hand window), place and date, title, salutation, body, the
/// registration box with the link, the grouped access code and, beside it, a QR code
/// of the link with the code prefilled (as Swiss QR-bills carry theirs), and the
/// support contact in the footer. Every text is wrapped, never cut.
extension DocumentRequest.Letter {
    private static let left = 70.0
    private static let textWidth = 455.0
    private static let bottom = 770.0
    /// The address window: 118 mm from the left edge, 50 mm from the top, 85 mm wide.
    private static let window = (x: 334.0, y: 142.0, width: 200.0)

    public func pdf() throws -> Data {
        let pdf = PDFDocument(page: .a4Portrait, title: title, author: fundName, created: date)
        var y = 48.0

        // Sender block.
        y += pdf.text(fundName, x: Self.left, y: y, width: Self.textWidth, style: .bold(11))
        for line in fundAddress where line != fundName {
            y += pdf.text(line, x: Self.left, y: y, width: Self.textWidth, style: .regular(9))
        }

        // Addressee, where the window of the envelope shows it.
        y = Self.window.y
        y += pdf.text(confidential, x: Self.window.x, y: y, width: Self.window.width, style: .bold(10)) + 2
        for line in address {
            y += pdf.text(line, x: Self.window.x, y: y, width: Self.window.width, style: .regular(10))
        }

        y = max(y + 36, 252)
        y += pdf.text(placeAndDate, x: Self.left, y: y, width: Self.textWidth, style: .regular(10)) + 28
        y += pdf.text(title, x: Self.left, y: y, width: Self.textWidth, style: .bold(14)) + 14
        y += pdf.text(salutation, x: Self.left, y: y, width: Self.textWidth, style: .regular(10)) + 10
        for paragraph in paragraphs {
            y = block(pdf, paragraph, y: y, style: .regular(10))
        }
        y = block(pdf, tagline, y: y + 2, style: .bold(10.5))
        y = try codeBox(pdf, y: y + 4)
        y = block(pdf, validFor, y: y, style: .bold(10))

        y = newPageIfNeeded(pdf, y: y + 4, needed: 36)
        y += pdf.text(closing, x: Self.left, y: y, width: Self.textWidth, style: .regular(10)) + 2
        pdf.text(fundName, x: Self.left, y: y, width: Self.textWidth, style: .regular(10))

        footer(pdf)
        return try pdf.finish()
    }

    /// The registration box: link and code, the two things the reader must type, with
    /// the QR code's square kept free on the right. Returns the y below the box.
    private func codeBox(_ pdf: PDFDocument, y start: Double) throws -> Double {
        let inner = Self.textWidth - 20 - Self.qrSide - 12
        let label = pdf.measure(registrationLabel, width: inner, style: .bold(10)).height
        let url = pdf.measure(registrationURL, width: inner, style: .regular(10)).height
        let codeLabelHeight = pdf.measure(codeLabel, width: inner, style: .bold(10)).height
        let code = pdf.measure(self.code, width: inner, style: .bold(16)).height
        let content = label + 2 + url + 12 + codeLabelHeight + 4 + code
        let height = max(content, Self.qrSide) + 20
        let y = newPageIfNeeded(pdf, y: start, needed: height + 40)

        pdf.rect(x: Self.left - 8, y: y, width: Self.textWidth + 16, height: height, fillGray: 0.94, strokeWidth: 0.5)
        var top = y + 10
        top += pdf.text(registrationLabel, x: Self.left, y: top, width: inner, style: .bold(10)) + 2
        top += pdf.text(registrationURL, x: Self.left + 10, y: top, width: inner, style: .regular(10)) + 12
        top += pdf.text(codeLabel, x: Self.left, y: top, width: inner, style: .bold(10)) + 4
        pdf.text(self.code, x: Self.left + 10, y: top, width: inner, style: .bold(16))
        let qr = try QRCode(codeLink, level: .medium)
        let qrX: Double = Self.left + Self.textWidth - Self.qrSide
        let qrY: Double = y + (height - Self.qrSide) / 2
        try qr.draw(on: pdf, x: qrX, y: qrY, side: Self.qrSide, minimumModule: Self.qrMinimumModule)
        return y + height + 14
    }

    /// A wrapped paragraph, moved to a new page whole if it does not fit; returns the y below it.
    private func block(_ pdf: PDFDocument, _ text: String, y start: Double, style: PDFDocument.Style) -> Double {
        let height = pdf.measure(text, width: Self.textWidth, style: style).height
        let y = newPageIfNeeded(pdf, y: start, needed: height)
        return y + pdf.text(text, x: Self.left, y: y, width: Self.textWidth, style: style) + 8
    }

    private func newPageIfNeeded(_ pdf: PDFDocument, y: Double, needed: Double) -> Double {
        guard y + needed > Self.bottom else { return y }
        footer(pdf)
        pdf.newPage()
        return 60
    }

    private func footer(_ pdf: PDFDocument) {
        pdf.line(x1: Self.left, y1: 788, x2: Self.left + Self.textWidth, y2: 788, width: 0.5)
        pdf.text(footer, x: Self.left, y: 793, width: Self.textWidth, style: .regular(8), maxLines: 3)
    }
}
