import DocumentRequests
import FoundationEssentials
import Runtime
import SwissTime
import Wire

/// The invitation letter's words, filled in: the document request's `Letter`, which
/// the `connect-documents` helper lays out like the seed's letter (`pdf()`).
public typealias InvitationLetter = DocumentRequest.Letter

extension InvitationLetter {
    /// From a letter template (labels in its header block, paragraphs in its body), the
    /// employer's postal address and the date. The QR code carries the registration link
    /// with the access code prefilled (`<registration URL>?code=…`): a secret, as the code is.
    public init(
        file: TemplateFile, values: [String: String], fund: FundSettings, address: [String],
        language: Language, date: Date
    ) throws {
        func header(_ key: String) throws -> String { try Placeholders.fill(file.headers[key] ?? "", values) }
        self.init(
            fundName: fund.name, fundAddress: fund.address, confidential: try header("Confidential"),
            address: address, placeAndDate: "\(Self.place(of: fund.address)), \(Self.date(date))",
            title: try header("Title"), salutation: try header("Salutation"),
            paragraphs: try Placeholders.fill(file.body, values).components(separatedBy: "\n\n")
                .map { $0.replacing("\n", with: " ").trimmed(.spaces) }
                .filter { !$0.isEmpty },
            tagline: try header("Tagline"), registrationLabel: try header("RegistrationLabel"),
            registrationURL: fund.registrationURL, codeLabel: try header("CodeLabel"), code: try header("Code"),
            codeLink: Self.link(fund.registrationURL, code: values["codeInLink"] ?? ""),
            validFor: try header("ValidFor"), closing: try header("Closing"), footer: try header("Footer"),
            date: date)
    }

    /// The letter as a PDF, with the QR code of `codeLink` beside the printed code, laid out
    /// by the `connect-documents` helper (Tools/documents/InvitationLetterLayout.swift), so
    /// that the notifier itself maps no PDF or font library.
    public func pdf() throws -> Data {
        try DocumentRenderer.render(.letter(self))
    }

    /// `url?code=CODE` (or `&code=` when the URL has a query already).
    static func link(_ url: String, code: String) -> String {
        url + (url.contains("?") ? "&" : "?") + "code=" + code
    }

    /// The town of the fund's last address line ("3001 Berne" → "Berne").
    static func place(of address: [String]) -> String {
        guard let last = address.last else { return "" }
        let words = last.split(separator: " ")
        if let first = words.first, first.allSatisfy(\.isNumber), words.count > 1 {
            return words.dropFirst().joined(separator: " ")
        }
        return last
    }

    /// Swiss style in every language: 27.11.2026.
    static func date(_ date: Date) -> String {
        SwissDate.day(date)
    }

    /// The letter as text (the http gateway's `text`, and for logs of shape only).
    public var plainText: String {
        var lines = [fundName] + fundAddress.filter { $0 != fundName } + ["", confidential] + address
        lines += ["", placeAndDate, "", title, "", salutation, ""]
        lines += paragraphs.flatMap { [$0, ""] }
        lines += [
            tagline, "", "\(registrationLabel) \(registrationURL)", "\(codeLabel) \(code)", "", validFor, "",
            closing, fundName, "", footer,
        ]
        return lines.joined(separator: "\n")
    }
}
