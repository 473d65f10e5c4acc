import Foundation
import Shared

/// The invitation letter laid out on A4 portrait like the seed's: the fund's
/// sender block, the confidential mark over the employer's address (window
/// position), place and date, title, salutation, body, the registration box with
/// the link and the grouped access code, and the support contact in the footer.
extension InvitationLetter {
    private static let left = 70.0
    private static let textWidth = 455.0
    private static let bottom = 770.0

    public func pdf() -> Data {
        let pdf = PDFWriter(title: title, author: fundName)
        pdf.beginPage(.a4Portrait)
        var y = 60.0

        // Sender block.
        pdf.text(fundName, x: Self.left, y: y, font: .bold, size: 11)
        for line in fundAddress where line != fundName {
            y += 12
            pdf.text(line, x: Self.left, y: y, size: 9)
        }

        // Addressee, where a window envelope shows it.
        y = 150
        pdf.text(confidential, x: 330, y: y, font: .bold, size: 10)
        for line in address {
            y += 13
            pdf.text(line, x: 330, y: y, size: 10)
        }

        y = max(y + 45, 260)
        pdf.text(placeAndDate, x: Self.left, y: y, size: 10)
        y += 40
        for line in PDFWriter.wrap(title, width: Self.textWidth, font: .bold, size: 14) {
            pdf.text(line, x: Self.left, y: y, font: .bold, size: 14)
            y += 18
        }
        y += 12
        pdf.text(salutation, x: Self.left, y: y, size: 10)
        y += 22
        for paragraph in paragraphs {
            y = paragraphBlock(pdf, paragraph, y: y, font: .regular, size: 10)
        }
        y = paragraphBlock(pdf, tagline, y: y + 4, font: .bold, size: 11)

        // Registration box: link and code, the two things the reader must type.
        let urlLines = PDFWriter.wrap(registrationURL, width: Self.textWidth - 20, font: .regular, size: 10)
        let boxHeight = 12.0 + Double(urlLines.count) * 14 + 24 + 22 + 14
        y = newPageIfNeeded(pdf, y: y, needed: boxHeight + 60)
        pdf.rect(x: Self.left - 8, y: y - 4, width: Self.textWidth + 16, height: boxHeight, fillGray: 0.94, strokeWidth: 0.5)
        y += 12
        pdf.text(registrationLabel, x: Self.left, y: y, font: .bold, size: 10)
        for line in urlLines {
            y += 14
            pdf.text(line, x: Self.left + 10, y: y, size: 10)
        }
        y += 24
        pdf.text(codeLabel, x: Self.left, y: y, font: .bold, size: 10)
        y += 22
        pdf.text(code, x: Self.left + 10, y: y, font: .bold, size: 16)
        y += 34
        y = paragraphBlock(pdf, validFor, y: y, font: .bold, size: 10)

        y = newPageIfNeeded(pdf, y: y + 6, needed: 40)
        pdf.text(closing, x: Self.left, y: y, size: 10)
        pdf.text(fundName, x: Self.left, y: y + 14, size: 10)

        footer(pdf)
        pdf.creationDate = date
        return pdf.finish()
    }

    /// A wrapped paragraph; returns the y below it.
    private func paragraphBlock(_ pdf: PDFWriter, _ text: String, y start: Double, font: PDFFont, size: Double) -> Double {
        var y = start
        for line in PDFWriter.wrap(text, width: Self.textWidth, font: font, size: size) {
            y = newPageIfNeeded(pdf, y: y, needed: size + 4)
            pdf.text(line, x: Self.left, y: y, font: font, size: size)
            y += size * 1.4
        }
        return y + 8
    }

    private func newPageIfNeeded(_ pdf: PDFWriter, y: Double, needed: Double) -> Double {
        guard y + needed > Self.bottom else { return y }
        footer(pdf)
        pdf.beginPage(.a4Portrait)
        return 70
    }

    private func footer(_ pdf: PDFWriter) {
        pdf.line(x1: Self.left, y1: 790, x2: Self.left + Self.textWidth, y2: 790, width: 0.5)
        for (i, line) in PDFWriter.wrap(footer, width: Self.textWidth, font: .regular, size: 8.5).prefix(2).enumerated() {
            pdf.text(line, x: Self.left, y: 803 + Double(i) * 11, size: 8.5)
        }
    }
}
