import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// The sendmail outbox against real peers: msmtp (a sendmail-compatible program)
/// delivering over SMTP to aiosmtpd, a real SMTP server writing a maildir.
final class SendmailOutboxTests: XCTestCase {
    var notifier: NotifierUnderTest!
    var smtp: Process?
    var port = 0

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") else {
            throw XCTSkip("msmtp is not installed (make test-deps)")
        }
        port = freePort()
        let probe = TempDirectory("ms")
        let rc = probe.file("msmtprc")
        try """
        defaults
        auth off
        tls off
        account default
        host 127.0.0.1
        port \(port)
        from noreply@caisse.example.ch
        """.write(toFile: rc, atomically: true, encoding: .utf8)
        chmod(rc, 0o600)
        notifier = NotifierUnderTest(
            "ns",
            environment: [
                "NOTIFIER_EMAIL_OUTBOX": "sendmail:/usr/bin/msmtp -C \(rc)",
                "NOTIFIER_FROM": "Caisse de compensation Zürich <noreply@caisse.example.ch>",
                "NOTIFIER_RETRY_BASE": "0.3",
                "NOTIFIER_SENDMAIL_TIMEOUT": "5",
                "NOTIFIER_LEASE": "8",
            ])
        addTeardownBlock { probe.remove() }
        try notifier.start()
    }

    override func tearDown() {
        smtp?.terminateAndWait()
        notifier.remove()
    }

    func startSMTP(maildir: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = ["-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        smtp = p
        XCTAssertTrue(waitForPort(port), "aiosmtpd did not listen")
    }

    func mails(_ maildir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(maildir)/new")) ?? []).map { "\(maildir)/new/\($0)" }
    }

    func testDeliversThroughMsmtpToARealSMTPServerOnceAndRetriesWhileItIsDown() throws {
        let maildir = notifier.temp.file("maildir")
        // The SMTP server is not up yet: msmtp fails, the message waits for a retry.
        let reply = try notifier.send(
            "welcome-1", to: "claudine@modelesa.ch", language: .de,
            template: TemplateName.welcomeInvited,
            params: ["firstName": "Claudine", "lastName": "Müller", "employerName": "Modèle SA"])
        var status = try notifier.status(reply.messageId)
        try Poll.until(timeout: 10, every: 0.05) {
            status = try notifier.status(reply.messageId)
            return status.lastError != nil
        }
        XCTAssertEqual(status.status, .queued)
        XCTAssertTrue(status.lastError?.contains("msmtp exited with") ?? false, "\(status)")

        try startSMTP(maildir: maildir)
        let done = try notifier.waitFor(reply.messageId, "sent", timeout: 20)
        XCTAssertGreaterThanOrEqual(done.attempts, 2)
        // The SMTP server (another process) writes the mail once it has accepted it.
        Poll.until(timeout: 5) { !mails(maildir).isEmpty }
        let files = mails(maildir)
        XCTAssertEqual(files.count, 1, "exactly one e-mail arrived")
        let parsed = try PythonEmail.parse(try XCTUnwrap(files.first))
        XCTAssertEqual(parsed.subject, "Willkommen bei connect")
        XCTAssertEqual(parsed.to, "claudine@modelesa.ch")
        XCTAssertEqual(parsed.from, "Caisse de compensation Zürich <noreply@caisse.example.ch>")
        XCTAssertEqual(parsed.messageId, "<\(reply.messageId)@caisse.example.ch>")
        XCTAssertEqual(parsed.parts.map(\.type), ["text/plain", "text/html"])
        let text = try XCTUnwrap(parsed.part("text/plain"))
        XCTAssertTrue(text.contains("Guten Tag Claudine Müller"), text)
        XCTAssertTrue(text.contains("für Modèle SA freigeschaltet"), text)
        XCTAssertTrue(text.contains("«Passwort vergessen»"), text)
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/html")).contains("Müller"))
    }

    func testNonAsciiSubjectSurvivesSMTP() throws {
        let maildir = notifier.temp.file("maildir")
        try startSMTP(maildir: maildir)
        let reply = try notifier.send(
            "reset-1", to: "gilbert@modele.ch", language: .de,
            template: TemplateName.passwordReset, params: ["code": "VEFA NUSU 2YTE"])
        try notifier.waitFor(reply.messageId, "sent", timeout: 20)
        let files = mails(maildir)
        XCTAssertEqual(files.count, 1)
        let parsed = try PythonEmail.parse(try XCTUnwrap(files.first))
        XCTAssertEqual(parsed.subject, "Zurücksetzen Ihres connect-Passworts")
        XCTAssertTrue(try XCTUnwrap(parsed.part("text/plain")).contains("VEFA NUSU 2YTE"))
    }
}
