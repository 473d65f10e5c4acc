import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Start-up of the real executable: the key file, and configuration mistakes.
final class StartupTests: XCTestCase {
    func testKeyFileIsCreatedWithMode0600AndKeptAcrossRestarts() throws {
        let h = try IdentityHarness(inProcess: false)
        defer { h.close() }
        let path = "\(h.dataDir)/identity.key"
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let key = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(key.trimmingCharacters(in: .whitespacesAndNewlines).count, 64)
        try h.restart()
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), key)
        XCTAssertFalse(h.log().contains(key.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func testBadConfigurationStopsStartUpWithOneClearLine() throws {
        let dir = TempDirectory("ids")
        defer { dir.remove() }
        for (name, value) in [
            ("IDENTITY_PASSWORD_MIN_LENGTH", "5"), ("IDENTITY_SESSION_IDLE", "soon"),
            ("IDENTITY_KEY_FILE", dir.file("missing.key")),
            ("IDENTITY_COMMON_PASSWORDS_FILE", dir.file("missing.txt")),
            ("IDENTITY_SMS_ALLOWED_PREFIXES", "+41 7x"), ("IDENTITY_SMS_PER_ACCOUNT_PER_HOUR", "0"),
            ("IDENTITY_SMS_NEW_NUMBERS_PER_EMPLOYER", "many"), ("IDENTITY_SMS_NEW_NUMBERS_PER_HOUR", "-3"),
            ("IDENTITY_SMS_LOCKOUT_THRESHOLD", "1000"), ("IDENTITY_RESET_RESEND_INTERVAL", "soon"),
            ("IDENTITY_FORGOT_UNKNOWN_PER_MINUTE", "0"), ("IDENTITY_LOCKOUT_FORGET", "never"),
        ] {
            let p = ServiceProcess(
                "identity", runDir: dir.file("run"), dataDir: dir.file("data-\(name)"),
                environment: [name: value])
            XCTAssertThrowsError(try p.start(timeout: 10), name)
            XCTAssertEqual(p.process?.terminationStatus, 2, name)
            XCTAssertTrue(p.log().contains("identity: \(name):"), p.log())
        }
    }

    func testReplacementCommonPasswordList() throws {
        let dir = TempDirectory("idl")
        defer { dir.remove() }
        try "zebra-crossing-42\n".write(toFile: dir.file("list.txt"), atomically: true, encoding: .utf8)
        let h = try IdentityHarness(environment: [
            "IDENTITY_COMMON_PASSWORDS_FILE": dir.file("list.txt"),
            "IDENTITY_PASSWORD_MIN_LENGTH": "6",
        ])
        defer { h.close() }
        let access = try h.invite()
        let (reg, _) = try h.startRegistration(email: "lea@modele.ch", accessCode: access)
        func account(_ password: String) throws {
            try h.call(
                RegistrationAccount.self,
                .init(
                    registrationId: reg, firstName: "Lea", lastName: "Modele",
                    language: .fr, password: password, acceptTerms: true))
        }
        XCTAssertThrowsError(try account("Zebra-Crossing-42")) {
            XCTAssertEqual(($0 as? ServiceError)?.extras["rule"], .string("common"))
        }
        XCTAssertNoThrow(try account("abc-12"), "the seed's 6 characters, and 'password' is no longer listed")
        h.remember("abc-12")
        h.remember("Zebra-Crossing-42")
        h.assertNoSecretInLog()
    }
}
