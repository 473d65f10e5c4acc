import Contracts
import DocumentRequests
import FoundationEssentials
import Runtime
import Wire

/// The user list as a document: the same rows the admin sees (same filter and
/// sort, every page), the seed's columns, labels in the caller's language.
public struct UserListExport: Sendable {
    public typealias Format = ExportFormat

    public var employer: EmployerRecord
    public var rows: [UserRow]
    public var lang: Language
    public var date: Date
    /// The search text the list was filtered by, shown under the title.
    public var text: String?

    public init(employer: EmployerRecord, rows: [UserRow], lang: Language, date: Date, text: String? = nil) {
        self.employer = employer
        self.rows = rows
        self.lang = lang
        self.date = date
        self.text = text
    }

    public func render(_ format: Format) throws -> (filename: String, mediaType: String, content: Data) {
        let base = "\(Labels.filePrefix[lang]!)-\(employer.number)-\(isoDay)"
        switch format {
        case .pdf: return ("\(base).pdf", "application/pdf", try pdf())
        case .xlsx: return ("\(base).xlsx", xlsxMediaType, try xlsx())
        }
    }

    /// "Gestion des utilisateurs — Modèle SA (1283.220)"
    public var title: String { "\(Labels.title[lang]!) — \(employer.name) (\(employer.number))" }

    public var subtitle: String {
        var s = "\(Labels.asOf[lang]!) \(displayDay) — \(rows.count) \(Labels.users[lang]!)"
        if let text, !text.trimmed(.spaces).isEmpty { s += " — \(Labels.text[lang]!): «\(text)»" }
        return s
    }

    func pdf() throws -> Data {
        let weights = [2.2, 2.6, 0.8, 1.0, 1.1, 1.6, 3.4]
        let columns = zip(Labels.columns[lang]!, weights).map {
            DocumentRequest.TableReport.Column(title: $0, weight: $1)
        }
        let yes = Labels.yes[lang]!
        let body = rows.map { r in
            [r.displayName, r.email, r.language, r.disabled ? yes : "", r.reference, r.mfa.rawValue, r.remarks]
        }
        let page = Labels.page[lang]!
        // Rendered by the connect-documents helper: admin maps no PDF or font library.
        return try DocumentRenderer.render(
            .table(
                DocumentRequest.TableReport(
                    title: title, subtitle: subtitle, columns: columns, rows: body, footer: "\(page) {page} / {pages}",
                    creationDate: date)))
    }

    func xlsx() throws -> Data {
        let body: [[XLSXCell]] = rows.map { r in
            [
                .text(r.displayName), .text(r.email), .text(r.language), .bool(r.disabled),
                r.reference.isEmpty ? .empty : .text(r.reference),
                r.mfa == .notEnrolled ? .empty : .text(r.mfa.rawValue),
                r.remarks.isEmpty ? .empty : .text(r.remarks),
            ]
        }
        let sheet = XLSXSheet(
            name: Labels.sheet[lang]!, header: Labels.columns[lang]!,
            columnWidths: [28, 34, 9, 12, 14, 18, 60], rows: body)
        return try DocumentRenderer.render(
            .workbook(
                DocumentRequest.Workbook(
                    sheets: [sheet], title: title,
                    created: date)))
    }

    private var isoDay: String {
        SwissDate.isoDay(date)
    }

    /// 27.11.2026 (the Swiss way, in every language).
    private var displayDay: String {
        SwissDate.day(date)
    }
}

/// Every word the exports print, in the four languages.
enum Labels {
    static let title: [Language: String] = [
        .fr: "Gestion des utilisateurs", .de: "Benutzerverwaltung", .it: "Gestione degli utenti",
        .en: "User management",
    ]
    static let columns: [Language: [String]] = [
        .fr: [
            "Nom d'affichage", "Adresse e-mail", "Langue", "Désactivé", "Référence",
            "Authentification multifacteur", "Infos / remarques",
        ],
        .de: [
            "Anzeigename", "E-Mail-Adresse", "Sprache", "Deaktiviert", "Referenz",
            "Mehrfaktor-Authentifizierung", "Infos / Bemerkungen",
        ],
        .it: [
            "Nome visualizzato", "Indirizzo e-mail", "Lingua", "Disattivato", "Riferimento",
            "Autenticazione a più fattori", "Info / osservazioni",
        ],
        .en: [
            "Display name", "E-mail address", "Language", "Deactivated", "Reference",
            "Multi-factor authentication", "Info / remarks",
        ],
    ]
    static let asOf: [Language: String] = [.fr: "État au", .de: "Stand", .it: "Stato al", .en: "As of"]
    static let users: [Language: String] = [.fr: "utilisateurs", .de: "Benutzer", .it: "utenti", .en: "users"]
    static let text: [Language: String] = [.fr: "Texte", .de: "Text", .it: "Testo", .en: "Text"]
    static let yes: [Language: String] = [.fr: "Oui", .de: "Ja", .it: "Sì", .en: "Yes"]
    static let page: [Language: String] = [.fr: "Page", .de: "Seite", .it: "Pagina", .en: "Page"]
    static let sheet: [Language: String] = [.fr: "Utilisateurs", .de: "Benutzer", .it: "Utenti", .en: "Users"]
    static let filePrefix: [Language: String] = [.fr: "utilisateurs", .de: "benutzer", .it: "utenti", .en: "users"]
}
