import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import IdentityCore

/// Limits that keep one person from blocking others or flooding mailboxes, and
/// codes that must not linger in the database file.
final class AbuseLimitTests: IdentityTestCase {
    /// Anonymous wrong access codes spend only the access-code budget: everyone's
    /// activation and reset codes keep working.
    func testSpentAccessCodeBudgetDoesNotBlockActivationOrResetCodes() throws {
        h = try IdentityHarness(environment: ["IDENTITY_CODE_FAILURES_PER_MINUTE": "3"])
        try h.register(email: "gilbert@modele.ch", password: "Zebra-Crossing-42", phone: "079 111 22 33")
        let access = try h.invite("1283.221", name: "Autre SA")
        let reg = try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch"))
        let activation = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
        try h.call(PasswordForgot.self, .init(email: "gilbert@modele.ch"))
        let reset = h.code(TemplateName.passwordReset, to: "gilbert@modele.ch")

        // Wrong activation and reset codes do not spend the budget.
        h.remember("AAAA BBBB CCCC")
        for _ in 0..<2 {
            XCTAssertEqual(
                h.error(
                    PasswordReset.self,
                    .init(
                        email: "gilbert@modele.ch", resetCode: "AAAA BBBB CCCC",
                        newPassword: "Another-Good-Pass-8")
                ).code, .invalidCode)
            XCTAssertEqual(
                h.error(
                    RegistrationVerifyEmail.self,
                    .init(
                        registrationId: reg,
                        activationCode: "AAAA BBBB CCCC")
                ).code, .invalidCode)
        }
        for _ in 0..<3 {
            XCTAssertEqual(h.error(RegistrationStart.self, .init(accessCode: "AAAA BBBB CCCC")).code, .invalidCode)
        }
        XCTAssertEqual(
            h.error(RegistrationStart.self, .init(accessCode: access)).code, .rateLimited,
            "the access-code budget is spent")

        XCTAssertEqual(
            try h.call(RegistrationVerifyEmail.self, .init(registrationId: reg, activationCode: activation)).next,
            .account)
        h.remember("Another-Good-Pass-8")
        XCTAssertNoThrow(
            try h.call(
                PasswordReset.self,
                .init(
                    email: "gilbert@modele.ch", resetCode: reset,
                    newPassword: "Another-Good-Pass-8")))
    }

    func testActivationEmailsPerAddressAndHourAreLimitedAcrossRegistrations() throws {
        h = try IdentityHarness()
        let access = try h.invite()
        let regs = try (0..<3).map { _ in try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId }
        for _ in 0..<3 { try h.call(RegistrationEmail.self, .init(registrationId: regs[0], email: "victim@modele.ch")) }
        for _ in 0..<2 { try h.call(RegistrationEmail.self, .init(registrationId: regs[1], email: "Victim@Modele.ch")) }
        let limited = h.error(RegistrationEmail.self, .init(registrationId: regs[2], email: "victim@modele.ch"))
        XCTAssertEqual(limited.code, .rateLimited)
        XCTAssertEqual(limited.extras["retryAfterS"], .number(3600))
        // Another address is not affected.
        try h.call(RegistrationEmail.self, .init(registrationId: regs[2], email: "lea@modele.ch"))
        h.advance(3601)
        try h.call(RegistrationEmail.self, .init(registrationId: regs[2], email: "victim@modele.ch"))
        XCTAssertEqual(h.sends(TemplateName.emailActivation, to: "victim@modele.ch", atLeast: 6).count, 6)
        for _ in 0..<6 { _ = h.code(TemplateName.emailActivation, to: "victim@modele.ch") }
        _ = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
    }

    func testRegistrationsPerAccessCodeAndHourAreLimited() throws {
        h = try IdentityHarness()
        let access = try h.invite()
        for _ in 0..<10 { try h.call(RegistrationStart.self, .init(accessCode: access)) }
        h.advance(600)
        let limited = h.error(RegistrationStart.self, .init(accessCode: access))
        XCTAssertEqual(limited.code, .rateLimited)
        XCTAssertEqual(limited.extras["retryAfterS"], .number(3000))
        // Another employer's letter is not affected.
        XCTAssertNoThrow(
            try h.call(RegistrationStart.self, .init(accessCode: try h.invite("1283.221", name: "Autre SA"))))
        h.advance(3001)
        XCTAssertNoThrow(try h.call(RegistrationStart.self, .init(accessCode: access)))
    }

    /// The activation code's outbox row is deleted once delivered; with
    /// secure_delete its bytes do not stay in the file's free space. (Debian's
    /// SQLite is built with secure_delete on by default, so there this guards
    /// against a regression; DatabaseTests checks that every Database turns it on.)
    func testDeliveredCodesDoNotLingerInTheDatabaseFile() throws {
        h = try IdentityHarness()
        let access = try h.invite()
        let reg = try h.call(RegistrationStart.self, .init(accessCode: access)).registrationId
        try h.call(RegistrationEmail.self, .init(registrationId: reg, email: "lea@modele.ch"))
        let activation = h.code(TemplateName.emailActivation, to: "lea@modele.ch")
        let path = h.dataDir + "/identity.sqlite"
        XCTAssertTrue(h.waitUntilOutboxDrained(), "the relay has not deleted the delivered row")
        XCTAssertTrue(h.stop())
        _ = try runSqlite(path, "PRAGMA wal_checkpoint(TRUNCATE);")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
        XCTAssertGreaterThan(bytes.count, 0)
        XCTAssertNil(bytes.range(of: Data(activation.utf8)), "the activation code is still in identity.sqlite")
        XCTAssertNil(bytes.range(of: Data(activation.replacingOccurrences(of: " ", with: "").utf8)))
    }

    private func runSqlite(_ path: String, _ sql: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [path, sql]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
