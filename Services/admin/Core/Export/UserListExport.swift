import Contracts
import DocumentRequests
import FoundationEssentials
import Wire

/// The user list as a document: the same rows the admin sees (same filter and
/// sort, every page), the seed's columns, labels in the caller's language.
struct UserListExport: TableExport, Sendable {
    var employer: EmployerRecord
    var rows: [UserRow]
    var lang: Language
    var date: Date
    /// The search text the list was filtered by, shown under the title.
    var text: String? = nil

    /// "Gestion des utilisateurs — Modèle SA (1283.220)"
    var title: String { "\(Labels.title[lang]!) — \(employer.name) (\(employer.number))" }

    var subtitle: String {
        var s = "\(Labels.asOf[lang]!) \(Self.day(date, iso: false)) — \(rows.count) \(Labels.users[lang]!)"
        if let text, !text.trimmed(.spaces).isEmpty { s += " — \(Labels.text[lang]!): «\(text)»" }
        return s
    }

    var filePrefix: String { Labels.filePrefix[lang]! }

    var columns: [DocumentRequest.TableReport.Column] {
        Self.weighted(Labels.columns[lang]!, weights: [2.2, 2.6, 0.8, 1.0, 1.1, 1.6, 3.4])
    }

    var pdfRows: [[String]] {
        let yes = Labels.yes[lang]!
        return rows.map { r in
            [r.displayName, r.email, r.language, r.disabled ? yes : "", r.reference, r.mfa.rawValue, r.remarks]
        }
    }

    var sheet: XLSXSheet {
        let body: [[XLSXCell]] = rows.map { r in
            [
                .text(r.displayName), .text(r.email), .text(r.language), .bool(r.disabled),
                r.reference.isEmpty ? .empty : .text(r.reference),
                r.mfa == .notEnrolled ? .empty : .text(r.mfa.rawValue),
                r.remarks.isEmpty ? .empty : .text(r.remarks),
            ]
        }
        return XLSXSheet(
            name: Labels.sheet[lang]!, header: Labels.columns[lang]!,
            columnWidths: [28, 34, 9, 12, 14, 18, 60], rows: body)
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
