import AdminCore
import Client
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The portal's `Tâches` (people invited who have not finished, "send again") and
/// its audit screen (filters, the actions for the filter, the exports read back
/// by openpyxl and pdftotext), against the real admin executable.
final class PendingAndAuditTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    var s = ""

    override func setUpWithError() throws {
        (h, s) = try AdminHarness.withGilbertAdminOf(E)
        h.identity.reauth(s, at: Date())
    }
    override func tearDown() { h?.stop() }

    func sent(_ template: String, to: String) -> [NotifierSend.Body] {
        h.notifier.wait(for: NotifierSend.type).compactMap { try? $0.decode(NotifierSend.Body.self) }
            .filter { $0.template == template && $0.to == to }
    }

    func testPendingListsTheUnfinishedAndSendAgainQueuesTheWelcomeMail() throws {
        let invited = try h.call(
            UsersCreate.self,
            .init(
                employer: E, email: "claudine@modelesa.ch", firstName: "Claudine",
                lastName: "Muster", language: .de), session: s
        ).userId
        let phone = try h.call(
            UsersCreate.self,
            .init(
                employer: E, email: "paul@modelesa.ch", firstName: "Paul",
                lastName: "Porte", language: .fr, phone: "+41791112233"), session: s
        ).userId
        let pending = try h.call(UsersPending.self, .init(employer: E), session: s).users
        XCTAssertEqual(pending.map(\.userId), [invited, phone], "oldest first, the registered admin not among them")
        XCTAssertEqual(pending.map(\.state), [.invited, .pendingPhone])
        XCTAssertEqual(pending.first?.displayName, "Muster, Claudine")
        XCTAssertNotNil(Date(rfc3339: pending[0].invitedAt))

        XCTAssertEqual(
            try h.call(UsersResendInvitation.self, .init(employer: E, userId: invited), session: s).template,
            TemplateName.welcomeInvited)
        let mail = try XCTUnwrap(sent(TemplateName.welcomeInvited, to: "claudine@modelesa.ch").last)
        XCTAssertEqual(mail.language, .de)
        XCTAssertEqual(mail.params, ["firstName": "Claudine", "lastName": "Muster", "employerName": "Modèle SA"])
        XCTAssertEqual(try h.audit(E, session: s).first?.action, .userInvitationResent)
        XCTAssertEqual(
            h.outcome(UsersResendInvitation.self, .init(employer: E, userId: invited), session: s), "rate_limited",
            "once a minute per person at most")
        // Variant 1 gets its new code through the phone (Editer), not an e-mail; nobody else is pending.
        XCTAssertEqual(h.outcome(UsersResendInvitation.self, .init(employer: E, userId: phone), session: s), "conflict")
        XCTAssertEqual(
            h.outcome(UsersResendInvitation.self, .init(employer: E, userId: "acc_nobody"), session: s), "not_found")
        // Only the employer's admins see or send.
        let (_, other) = try h.addedUser(E, by: s, email: "vera@modelesa.ch", first: "Vera", last: "Voll")
        XCTAssertEqual(h.outcome(UsersPending.self, .init(employer: E), session: other), "forbidden")
        XCTAssertEqual(
            h.outcome(UsersResendInvitation.self, .init(employer: E, userId: invited), session: other), "forbidden")
        // A deactivated person is no task any more.
        _ = try h.call(UsersUpdate.self, .init(employer: E, userId: invited, disabled: true), session: s)
        XCTAssertFalse(
            try h.call(UsersPending.self, .init(employer: E), session: s).users.map(\.userId).contains(invited))
        XCTAssertEqual(
            h.outcome(UsersResendInvitation.self, .init(employer: E, userId: invited), session: s), "conflict")
    }

    func testAuditFiltersByPersonAndActionAndListsTheActions() throws {
        let (claudine, _) = try h.addedUser(E, by: s, email: "claudine@modelesa.ch", first: "Claudine", last: "Muster")
        _ = try h.addedUser(E, by: s, email: "paul@modelesa.ch", first: "Paul", last: "Porte")
        for i in 0..<3 {
            _ = try h.call(
                UsersUpdate.self, .init(employer: E, userId: claudine, firstName: "Claudine\(i)"), session: s)
        }
        let all = try h.call(AuditSearch.self, .init(employer: E, limit: 100), session: s)
        XCTAssertTrue(
            Set(all.actions ?? []).isSuperset(of: ["user.registered", "user.create", "user.update"]),
            "\(all.actions ?? [])")
        XCTAssertEqual(all.actions, all.actions?.sorted(), "each once, sorted")
        let updates = try h.call(AuditSearch.self, .init(employer: E, limit: 2, action: "user.update"), session: s)
        XCTAssertEqual(updates.total, 3)
        XCTAssertEqual(updates.entries.count, 2, "paged")
        XCTAssertEqual(
            updates.entries.first?.changes,
            [AuditChange(field: "user.firstName", before: "Claudine1", after: "Claudine2")],
            "\(String(describing: updates.entries.first))")
        let page2 = try h.call(
            AuditSearch.self, .init(employer: E, offset: 2, limit: 2, action: "user.update"), session: s)
        XCTAssertEqual(page2.entries.count, 1)
        // Person: the actor or the target, any part of the e-mail, case ignored.
        let claudines = try h.call(AuditSearch.self, .init(employer: E, limit: 100, person: "CLAUDINE@"), session: s)
        XCTAssertEqual(claudines.total, 4, "created and changed three times")
        XCTAssertTrue(claudines.entries.allSatisfy { $0.target == "claudine@modelesa.ch" })
        XCTAssertEqual(
            try h.call(AuditSearch.self, .init(employer: E, limit: 100, person: "gilbert"), session: s).total,
            all.entries.filter { $0.actor.contains("gilbert") || $0.target.contains("gilbert") }.count)
        XCTAssertEqual(
            try h.call(AuditSearch.self, .init(employer: E, limit: 100, person: "%"), session: s).total, 0,
            "no wildcard in what the person typed")
    }

    func testAuditExportsAsFilteredReadBackByOpenpyxlAndPdftotext() throws {
        let (claudine, _) = try h.addedUser(E, by: s, email: "claudine@modelesa.ch", first: "Claudine", last: "Muster")
        _ = try h.call(UsersUpdate.self, .init(employer: E, userId: claudine, firstName: "Claudia"), session: s)
        let x = try h.call(
            AuditExport.self, .init(employer: E, format: .xlsx, person: "claudine"), session: s, lang: .de)
        XCTAssertEqual(x.mediaType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        XCTAssertTrue(x.filename.hasPrefix("protokoll-1283.220-") && x.filename.hasSuffix(".xlsx"), x.filename)
        let xlsx = h.dir.file(x.filename)
        try XCTUnwrap(Data(base64Encoded: x.contentBase64)).write(to: URL(fileURLWithPath: xlsx))
        let script = """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            print(json.dumps([[c.value for c in row] for row in ws.iter_rows()]))
            """
        let (status, out) = try ProgramRun.run("/usr/bin/python3", ["-c", script, xlsx])
        XCTAssertEqual(status, 0, out)
        let rows = try JSONCoding.decoder.decode([[String?]].self, from: Data(out.utf8))
        XCTAssertEqual(rows.first, ["Datum", "Person", "Aktion", "Betrifft", "Vorher", "Nachher"])
        XCTAssertEqual(rows.count, 3, "the header, the update and the creation (newest first): \(rows)")
        XCTAssertEqual(rows[1][1], "gilbert@modelesa.ch")
        XCTAssertEqual(rows[1][2], "Benutzer geändert", "the screen's words, not the stored code")
        XCTAssertEqual(rows[1][3], "claudine@modelesa.ch")
        XCTAssertEqual(rows[1][4], "Vorname: Claudine")
        XCTAssertEqual(rows[1][5], "Vorname: Claudia")
        XCTAssertEqual(rows[2][2], "Benutzer erfasst")

        let p = try h.call(AuditExport.self, .init(employer: E, format: .pdf, action: "user.update"), session: s)
        XCTAssertEqual(p.mediaType, "application/pdf")
        let pdf = h.dir.file(p.filename)
        try XCTUnwrap(Data(base64Encoded: p.contentBase64)).write(to: URL(fileURLWithPath: pdf))
        let (pst, text) = try ProgramRun.run("/usr/bin/pdftotext", ["-layout", pdf, "-"])
        XCTAssertEqual(pst, 0, text)
        XCTAssertTrue(text.contains("Journal des modifications — Modèle SA (1283.220)"), text)
        XCTAssertTrue(text.contains("1 entrées") && text.contains("Action: Utilisateur modifié"), text)
        XCTAssertTrue(text.contains("Claudia") && !text.contains("Utilisateur saisi") && !text.contains("user."), text)
    }
}
