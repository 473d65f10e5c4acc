import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Issue 18, items 8 and 11 and the non-ASCII address: names that silence notices,
/// links in names, `gérant@…`. Against the real services; e-mails read back with
/// Python's e-mail package and HTML parser.
final class NoticeAttackTests: XCTestCase {
    /// 100 characters, each an `e` with 10 combining accents: 2,100 bytes, over the
    /// notifier's 1,000-byte param limit.
    static let markName = String(repeating: "e" + String(repeating: "\u{301}", count: 10), count: 100)

    func testNamesAreBoundedInBytesWhereverTheyEnterAndLinksInNamesStayText() throws {
        let trio = Trio(prefix: "na")
        defer { trio.remove() }
        try trio.start()
        let flows = Flows(trio)
        let employer = "4772.100"
        let (_, session) = try flows.employerWithAdmin(
            number: employer, name: "Notices SA", email: "notices@notices.ch",
            phone: "+41791230772", password: "Fenetre-Lac-2026!")
        func create(_ email: String, first: String, last: String = "Muster") throws -> ReplyEnvelope {
            try flows.admin.send(
                type: UsersCreate.type,
                body: UsersCreate.Body(
                    employer: employer, email: email, firstName: first, lastName: last, language: .fr, admin: false,
                    themes: ["salaries"], phone: nil), session: session)
        }
        // Item 8: admin and identity refuse the name the notifier would refuse in a notice.
        XCTAssertEqual(Self.markName.count, 100)
        XCTAssertGreaterThan(Self.markName.utf8.count, Recipients.paramMaxBytes)
        let refused = try create("marks@notices.ch", first: Self.markName)
        XCTAssertEqual(refused.error?.code, "bad_request")
        XCTAssertEqual(refused.error?.field, "firstName")
        let viaIdentity = try flows.identity.send(
            type: AccountCreate.type,
            body: AccountCreate.Body(
                email: "marks2@notices.ch", firstName: "Léa", lastName: Self.markName, language: .fr))
        XCTAssertEqual(viaIdentity.error?.field, "lastName")
        // 100 accented letters (200 bytes) are a name like any other.
        XCTAssertTrue(try create("accents@notices.ch", first: String(repeating: "é", count: 100)).ok)

        // Non-ASCII local part: refused at every entry point, never sent as raw 8-bit `To:`.
        for (reply, field) in [
            (try create("gérant@notices.ch", first: "Gérant"), "email"),
            (
                try flows.identity.send(
                    type: AccountCreate.type,
                    body: AccountCreate.Body(
                        email: "gérant@notices.ch", firstName: "G", lastName: "H", language: .fr)), "email"
            ),
            (
                try flows.notifier.send(
                    type: NotifierSend.type,
                    body: NotifierSend.Body(
                        idempotencyKey: "na-8bit", channel: .email, to: "gérant@notices.ch", language: .fr,
                        template: TemplateName.passwordChanged, params: ["firstName": "G"])), "to"
            ),
        ] {
            XCTAssertEqual(reply.error?.code, "bad_request")
            XCTAssertEqual(reply.error?.field, field)
        }

        // Item 11: a link in a name is text in the welcome e-mail; the template's own link stays a link.
        let victim = "victim@notices.ch"
        XCTAssertTrue(try create(victim, first: "Verify at https://evil.example/login", last: "http://evil.example").ok)
        let file = try XCTUnwrap(eventually { flows.outbox.messages("email", to: victim).first?.file })
        let mail = try DeliveredEmail.parse("\(trio.outbox)/email/\(file)")
        XCTAssertEqual(mail.to, victim)
        XCTAssertEqual(mail.defects, [])
        XCTAssertTrue(mail.text.contains("https://evil.example/login"), "the name is shown as typed")
        XCTAssertFalse(mail.links.contains { $0.contains("evil.example") }, "a name became a link: \(mail.links)")
        // The portal link (NOTIFIER_PORTAL_URL, by default CONNECT_PORTAL_URL's default).
        XCTAssertEqual(mail.links, ["http://127.0.0.1:8080"], "the template's own link")
        XCTAssertFalse(mail.html.contains("\u{E000}") || mail.html.contains("\u{E001}"))
    }

    /// Item 8, second half: a notice the notifier refuses for good was dropped with
    /// one log line. Now it is kept (without its body) and counted in `health`.
    func testANoticeRefusedForGoodIsCountedInHealth() throws {
        let dir = TempDirectory("nb")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("run"), withIntermediateDirectories: true)
        let notifier = FakePeer(socketPath: dir.file("run/notifier.sock"))
        notifier.on(NotifierSend.self) { _ in
            throw ServiceError(.badRequest, field: "params.firstName", messageKey: .badRequestField)
        }
        notifier.start()
        defer { notifier.stop() }
        let identity = ServiceProcess(
            ServiceName.identity, runDir: dir.file("run"), dataDir: dir.file("data"),
            environment: ["IDENTITY_ARGON2_MEMORY_KIB": "8", "IDENTITY_ARGON2_OPS": "1"])
        try identity.start()
        defer { identity.stop() }
        XCTAssertEqual(try identity.client().call(Health.self, Empty()).refusedMessages, 0)
        _ = try identity.client().call(
            AccountCreate.self,
            .init(
                email: "lost@notices.ch", firstName: "Léa", lastName: "Lost",
                language: .fr, employerName: "Notices SA"))
        let counted = eventually { () -> Int? in
            let n = (try? identity.client().call(Health.self, Empty()))?.refusedMessages ?? 0
            return n > 0 ? n : nil
        }
        XCTAssertEqual(counted, 1)
        // The count commits before the relay writes its log line: wait for the line.
        let line = try XCTUnwrap(
            eventually { identity.log().split(separator: "\n").first { $0.contains("outbox.refused") } })
        XCTAssertTrue(line.contains("\"level\":\"error\""), String(line))
        XCTAssertTrue(line.contains("params.firstName"), String(line))
        XCTAssertFalse(line.contains("lost@notices.ch"), "the refusal is logged without the recipient's address")
    }
}
