import DocumentRequests
import Foundation

/// The letter as a PDF, laid out by the `connect-documents` helper
/// (Tools/documents/InvitationLetterLayout.swift), so that the notifier itself maps no
/// PDF or font library.
extension InvitationLetter {
    /// Room kept free at the right of the code box, beside the printed code, for a QR
    /// code of the registration link with the code (side in points).
    public static let qrSide = DocumentRequest.Letter.qrSide

    public func pdf() throws -> Data {
        try DocumentRenderer.render(.letter(DocumentRequest.Letter(
            fundName: fundName, fundAddress: fundAddress, confidential: confidential, address: address,
            placeAndDate: placeAndDate, title: title, salutation: salutation, paragraphs: paragraphs,
            tagline: tagline, registrationLabel: registrationLabel, registrationURL: registrationURL,
            codeLabel: codeLabel, code: code, validFor: validFor, closing: closing, footer: footer, date: date)))
    }
}
