import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// What the attack tests share: accounts made the ways an attacker finds them.
extension IdentityHarness {
    /// A variant-2 account (admin's "new user" without phone) whose owner set a
    /// password through "forgot password": it has a password and no phone.
    func invitedWithPassword(email: String, password: String, employer: String = "1283.220") throws -> String {
        let id = try call(
            AccountCreate.self,
            .init(
                email: email, firstName: "Lea", lastName: "Muster", language: .de,
                employerName: "Modèle SA", employerNumber: employer)
        ).account.accountId
        try call(PasswordForgot.self, .init(email: email))
        remember(password)
        try call(
            PasswordReset.self,
            .init(
                email: email, resetCode: code(TemplateName.passwordReset, to: email),
                newPassword: password))
        return id
    }

    /// The `notifier.send`s of a template to `to`, once `count` of them arrived (the relay is asynchronous).
    func sends(
        _ template: String, to: String, count: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) -> [NotifierSend.Body] {
        let got = sends(template, to: to, atLeast: count)
        XCTAssertEqual(got.count, count, "\(template) to \(to)", file: file, line: line)
        return got
    }

    /// How many log lines contain `event`.
    func logCount(_ event: String) -> Int {
        log().components(separatedBy: "\n").filter { $0.contains(event) }.count
    }

    /// The service's SQLite file, read with Debian's sqlite3 (one value).
    func sql(_ query: String) throws -> String {
        let run = try ProgramRun.run("/usr/bin/sqlite3", ["-readonly", "\(dataDir)/identity.sqlite", query])
        XCTAssertEqual(run.status, 0, run.output)
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// A random wrong code whose first group differs from `code`'s (a guess by
/// someone who does not have the code).
func wrongCode(unlike code: String) -> String {
    let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    while true {
        let c = String((0..<12).map { _ in alphabet.randomElement()! })
        if code.isEmpty || !c.hasPrefix(String(code.prefix(4))) { return c }
    }
}
