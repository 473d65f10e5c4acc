import Contracts
import DocumentRequests
import FoundationEssentials
import Glibc
import Messaging
import Runtime
import SQLite
import Server
import Wire

/// The audit trail as a document, as the admin's screen filters it (every
/// entry, newest first): when, who, what, about whom, and each changed value
/// before → after. Labels in the caller's language; times in Europe/Zurich.
public struct AuditTrailExport: Sendable {
    public var employer: EmployerRecord
    public var entries: [AuditEntry]
    public var lang: Language
    public var date: Date
    public var person: String?
    public var action: String?

    public init(
        employer: EmployerRecord, entries: [AuditEntry], lang: Language, date: Date,
        person: String? = nil, action: String? = nil
    ) {
        self.employer = employer
        self.entries = entries
        self.lang = lang
        self.date = date
        self.person = person
        self.action = action
    }

    public func render(_ format: UserListExport.Format) throws -> (filename: String, mediaType: String, content: Data) {
        let base = "\(AuditLabels.filePrefix[lang]!)-\(employer.number)-\(Self.day(date, iso: true))"
        switch format {
        case .pdf: return ("\(base).pdf", "application/pdf", try pdf())
        case .xlsx: return ("\(base).xlsx", xlsxMediaType, try xlsx())
        }
    }

    public var title: String { "\(AuditLabels.title[lang]!) — \(employer.name) (\(employer.number))" }

    public var subtitle: String {
        var s = "\(Labels.asOf[lang]!) \(Self.day(date, iso: false)) — \(entries.count) \(AuditLabels.entries[lang]!)"
        if let person, !person.isEmpty { s += " — \(AuditLabels.columns[lang]![1]): «\(person)»" }
        if let action, !action.isEmpty { s += " — \(AuditLabels.columns[lang]![2]): \(action)" }
        return s
    }

    /// One line per changed value: "field: before → after".
    static func changes(_ e: AuditEntry) -> (before: String, after: String) {
        let c = e.changes
        return (
            c.filter { !$0.before.isEmpty }.map { "\($0.field): \($0.before)" }.joined(separator: "\n"),
            c.filter { !$0.after.isEmpty }.map { "\($0.field): \($0.after)" }.joined(separator: "\n")
        )
    }

    static func time(_ rfc3339: String) -> String {
        guard let d = Date(rfc3339: rfc3339) else { return rfc3339 }
        return SwissDate.dayAndTime(d)
    }

    func pdf() throws -> Data {
        let weights = [1.5, 2.2, 2.1, 2.2, 2.8, 2.8]
        let columns = zip(AuditLabels.columns[lang]!, weights).map {
            DocumentRequest.TableReport.Column(title: $0, weight: $1)
        }
        let body = entries.map { e -> [String] in
            let c = Self.changes(e)
            return [Self.time(e.at), e.actor, e.action.rawValue, e.target, c.before, c.after]
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
        let body: [[XLSXCell]] = entries.map { e in
            let c = Self.changes(e)
            return [
                .text(Self.time(e.at)), .text(e.actor), .text(e.action.rawValue), .text(e.target),
                c.before.isEmpty ? .empty : .text(c.before), c.after.isEmpty ? .empty : .text(c.after),
            ]
        }
        let sheet = XLSXSheet(
            name: AuditLabels.sheet[lang]!, header: AuditLabels.columns[lang]!,
            columnWidths: [20, 30, 24, 30, 50, 50], rows: body)
        return try DocumentRenderer.render(
            .workbook(
                DocumentRequest.Workbook(
                    sheets: [sheet], title: title,
                    created: date)))
    }

    static func day(_ date: Date, iso: Bool) -> String {
        iso ? SwissDate.isoDay(date) : SwissDate.day(date)
    }
}

/// The audit export's own words, in the four languages.
enum AuditLabels {
    static let title: [Language: String] = [
        .fr: "Journal des modifications", .de: "Änderungsprotokoll", .it: "Registro delle modifiche",
        .en: "Audit trail",
    ]
    static let columns: [Language: [String]] = [
        .fr: ["Date", "Personne", "Action", "Concerne", "Avant", "Après"],
        .de: ["Datum", "Person", "Aktion", "Betrifft", "Vorher", "Nachher"],
        .it: ["Data", "Persona", "Azione", "Riguarda", "Prima", "Dopo"],
        .en: ["Date", "Person", "Action", "Concerns", "Before", "After"],
    ]
    static let entries: [Language: String] = [.fr: "entrées", .de: "Einträge", .it: "voci", .en: "entries"]
    static let sheet: [Language: String] = [.fr: "Journal", .de: "Protokoll", .it: "Registro", .en: "Audit"]
    static let filePrefix: [Language: String] = [.fr: "journal", .de: "protokoll", .it: "registro", .en: "audit"]
}
