import Contracts
import DocumentRequests
import FoundationEssentials
import Messaging
import Runtime
import SQLite
import Server
import SwissTime
import Wire

/// The audit trail as a document, as the admin's screen filters it (every
/// entry, newest first): when, who, what, about whom, and each changed value
/// before → after. Labels in the caller's language; times in Europe/Zurich.
struct AuditTrailExport: TableExport, Sendable {
    var employer: EmployerRecord
    var entries: [AuditEntry]
    var lang: Language
    var date: Date
    var person: String? = nil
    var action: String? = nil

    var title: String { "\(AuditLabels.title[lang]!) — \(employer.name) (\(employer.number))" }

    var subtitle: String {
        var s = "\(Labels.asOf[lang]!) \(Self.day(date, iso: false)) — \(entries.count) \(AuditLabels.entries[lang]!)"
        if let person, !person.isEmpty { s += " — \(AuditLabels.columns[lang]![1]): «\(person)»" }
        if let action, !action.isEmpty {
            s += " — \(AuditLabels.columns[lang]![2]): \(AuditWording.action(code: action, lang))"
        }
        return s
    }

    /// One line per changed value, in the screen's words: "Prénom: Claudine".
    func changes(_ e: AuditEntry) -> (before: String, after: String) {
        let c = e.changes
        let line = { (field: String, value: String) in "\(AuditWording.field(field, lang)): \(value)" }
        return (
            c.filter { !$0.before.isEmpty }.map { line($0.field, value($0.before)) }.joined(separator: "\n"),
            c.filter { !$0.after.isEmpty }.map { line($0.field, value($0.after)) }.joined(separator: "\n")
        )
    }

    /// A stored value as the screen shows it: a time in Zurich, yes or no in the language.
    func value(_ raw: String) -> String {
        if raw.count >= 20, raw.count <= 30, let d = Date(rfc3339: raw) { return SwissDate.dayAndTime(d) }
        return AuditWording.value(raw, lang)
    }

    static func time(_ rfc3339: String) -> String {
        guard let d = Date(rfc3339: rfc3339) else { return rfc3339 }
        return SwissDate.dayAndTime(d)
    }

    var filePrefix: String { AuditLabels.filePrefix[lang]! }

    var columns: [DocumentRequest.TableReport.Column] {
        Self.weighted(AuditLabels.columns[lang]!, weights: [1.5, 2.2, 2.1, 2.2, 2.8, 2.8])
    }

    var pdfRows: [[String]] {
        entries.map { e -> [String] in
            let c = changes(e)
            return [Self.time(e.at), e.actor, AuditWording.action(e.action, lang), e.target, c.before, c.after]
        }
    }

    var sheet: XLSXSheet {
        let body: [[XLSXCell]] = entries.map { e in
            let c = changes(e)
            return [
                .text(Self.time(e.at)), .text(e.actor), .text(AuditWording.action(e.action, lang)), .text(e.target),
                c.before.isEmpty ? .empty : .text(c.before), c.after.isEmpty ? .empty : .text(c.after),
            ]
        }
        return XLSXSheet(
            name: AuditLabels.sheet[lang]!, header: AuditLabels.columns[lang]!,
            columnWidths: [20, 30, 24, 30, 50, 50], rows: body)
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
