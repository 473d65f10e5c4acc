import DocumentRequests
import FoundationEssentials

/// The letter as a PDF, with the QR code of `codeLink` beside the printed code, laid
/// out by the `connect-documents` helper
/// (Tools/documents/InvitationLetterLayout.swift), so that the notifier itself maps no
/// PDF or font library.
extension InvitationLetter {
    /// Room kept free at the right of the code box, beside the printed code, for a QR
    /// code of the registration link with the code (side in points).
    public static let qrSide = DocumentRequest.Letter.qrSide
    /// The smallest module a phone or a 300 dpi scan still reads reliably (0.35 mm).
    public static let qrMinimumModule = DocumentRequest.Letter.qrMinimumModule

    public func pdf() throws -> Data {
        try DocumentRenderer.render(
            .letter(
                DocumentRequest.Letter(
                    fundName: fundName, fundAddress: fundAddress, confidential: confidential, address: address,
                    placeAndDate: placeAndDate, title: title, salutation: salutation, paragraphs: paragraphs,
                    tagline: tagline, registrationLabel: registrationLabel, registrationURL: registrationURL,
                    codeLabel: codeLabel, code: code, codeLink: codeLink, validFor: validFor, closing: closing,
                    footer: footer, date: date)))
    }
}
