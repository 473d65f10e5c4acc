import AdminCore
import Contracts
import Foundation
import NotifierCore
import Runtime
import TestSupport
import Wire
import XCTest

/// What admin accepts must also pass the notifier's recipient checks, or the
/// relay drops the letter or e-mail after staff were told it went out.
final class NotifierLimitsTests: XCTestCase {
    func testEveryEmailAdminAcceptsTheNotifierAcceptsToo() {
        let samples = [
            "lea@modelesa.ch", " Lea@ModeleSA.ch ", "a(b)@x.ch", "a<b>@x.ch", "a,b@x.ch", "a;b@x.ch", "a:b@x.ch",
            "a\"b@x.ch", "a[b]@x.ch", "a\\b@x.ch", "a\u{7}b@x.ch", "a\u{7F}@x.ch", "lea@x..ch", "lea@-x.ch",
            "lea@x-.ch", "lea@x.-ch", String(repeating: "l", count: 65) + "@x.ch",
            String(repeating: "l", count: 64) + "@x.ch", "é@x.ch", String(repeating: "é", count: 33) + "@x.ch",
            "lea@" + String(repeating: "x", count: 250) + ".ch", "lea@x.ch.", "lea@.x.ch", "lea@sub.x-y.ch",
        ]
        for s in samples {
            if let n = AdminCore.EmailAddress.normalize(s) {
                XCTAssertTrue(
                    NotifierCore.EmailAddress.isValid(n), "admin accepts \(s.debugDescription), the notifier refuses it"
                )
            }
        }
        XCTAssertEqual(AdminCore.EmailAddress.normalize(" Lea@ModeleSA.ch "), "lea@modelesa.ch")
        XCTAssertEqual(AdminCore.EmailAddress.normalize("lea@sub.x-y.ch"), "lea@sub.x-y.ch")
        // Each of these passed admin's old check and was refused by the notifier.
        for bad in [
            "a(b)@x.ch", "a;b@x.ch", "lea@-x.ch", "lea@x..ch", String(repeating: "l", count: 65) + "@x.ch",
            "a\u{7}b@x.ch",
        ] {
            XCTAssertNil(AdminCore.EmailAddress.normalize(bad), bad.debugDescription)
        }
    }

    /// Issue 18, item 8: a character count alone bounds nothing (combining marks), so
    /// names and postal lines are bounded in bytes too, below the notifier's param limit.
    func testNamesAndLinesAdminAcceptsFitTheNotifiersParamLimit() {
        let marks = String(repeating: "e" + String(repeating: "\u{301}", count: 10), count: 100)
        XCTAssertEqual(marks.count, 100)
        XCTAssertFalse(PersonName.valid(marks))
        XCTAssertFalse(PostalLine.valid(String(marks.prefix(60))))
        XCTAssertTrue(PersonName.valid(String(repeating: "é", count: 100)))
        XCTAssertTrue(PersonName.valid(String(repeating: "😀", count: 100)), "400 bytes: the largest name")
        XCTAssertFalse(PersonName.valid(String(repeating: "😀", count: 100) + "a"))
        XCTAssertLessThanOrEqual(Recipients.personNameMaxBytes, Recipients.paramMaxBytes)
        XCTAssertLessThanOrEqual(Recipients.postalLineMaxBytes, Recipients.paramMaxBytes)
        XCTAssertNil(MandantList.alias(marks))
    }

    func testPostalLineIsTheNotifiersLineRule() {
        let max = String(repeating: "a", count: 120)
        XCTAssertTrue(PostalLine.valid(max))
        XCTAssertFalse(PostalLine.valid(max + "a"))
        XCTAssertFalse(PostalLine.valid("Modèle\tSA"))
        XCTAssertTrue(NotifierCore.PostalAddress.isValid("\(max)\n\(max)\n\(max)"))
        XCTAssertFalse(
            NotifierCore.PostalAddress.isValid("\(max)a\nRue\n3000 Bern"),
            "the notifier's limit moved: update PostalLine")
    }

    func testEmployerAddressLinesAreBoundedLikeTheLetter() throws {
        let h = try AdminHarness()
        defer { h.stop() }
        func field(_ name: String, _ street: String, _ postcode: String, _ city: String) -> String {
            do {
                _ = try h.call(
                    EmployerCreate.self,
                    EmployerCreate.Body(
                        number: "1283.220", name: name, street: street,
                        postcode: postcode, city: city, language: .fr))
                return "ok"
            } catch let e as ServiceError {
                return "\(e.code.rawValue) \(e.field ?? "-")"
            } catch { return "\(error)" }
        }
        let long = String(repeating: "n", count: 121)
        XCTAssertEqual(field(long, "Rue 1", "3000", "Bern"), "bad_request name")
        XCTAssertEqual(field("Modèle SA", long, "3000", "Bern"), "bad_request street")
        // Each part fits, "postcode city" (121 characters) does not.
        XCTAssertEqual(
            field("Modèle SA", "Rue 1", String(repeating: "9", count: 20), String(repeating: "c", count: 100)),
            "bad_request city")
        XCTAssertEqual(field("Modèle\tSA", "Rue 1", "3000", "Bern"), "bad_request name")
        // At the limit: created, and the letter's address passes the notifier's check.
        let name = String(repeating: "n", count: 120)
        XCTAssertEqual(
            field(
                name, String(repeating: "s", count: 120), String(repeating: "9", count: 19),
                String(repeating: "c", count: 100)), "ok")
        _ = try h.call(EmployerInvite.self, EmployerInvite.Body(number: "1283.220", delivery: .letter))
        let letter = try XCTUnwrap(h.notifier.wait(for: NotifierSend.type).first).decode(NotifierSend.Body.self)
        XCTAssertTrue(NotifierCore.PostalAddress.isValid(letter.to))
        // An e-mail invitation to an address the notifier would refuse is refused here.
        XCTAssertEqual(
            h.outcome(
                EmployerInvite.self,
                EmployerInvite.Body(
                    number: "1283.220", delivery: .email,
                    email: "boss;cc@modelesa.ch")), "bad_request")
    }
}
