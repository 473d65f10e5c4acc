import Contracts
import XCTest

/// The contract's recipient rules, which identity, admin and the notifier share.
final class RecipientsTests: XCTestCase {
    func testEmail() {
        for good in ["gilbert@modelesa.ch", "lea.modele+connect@sub.x-y.ch", "a@b.co"] {
            XCTAssertTrue(Recipients.isEmail(good), good)
        }
        let longLocal = String(repeating: "a", count: 65) + "@modele.ch"
        for bad in [
            "", "gilbert", "@modele.ch", "gilbert@", "gilbert@ch", "a b@modele.ch", "a(b)@modele.ch",
            "\"q\"@modele.ch", "a;b@modele.ch", "a:b@modele.ch", "a\\b@modele.ch", "a@[1.2.3.4]",
            "a@-modele.ch", "a@modele-.ch", "a@modele..ch", "a\u{7}@modele.ch", "a@b@c.ch",
            "x@modele.ch\r\nBcc: y@evil.ch", longLocal,
        ] {
            XCTAssertFalse(Recipients.isEmail(bad), bad.debugDescription)
        }
    }

    func testPhoneAndPostalAddress() {
        XCTAssertTrue(Recipients.isE164("+41791112233"))
        for bad in ["0791112233", "+0791112233", "+41 79 111 22 33", "+4179", "+4179111223344556"] {
            XCTAssertFalse(Recipients.isE164(bad), bad)
        }
        XCTAssertTrue(Recipients.isPostalAddress("Modèle SA\nRue d'Exemple\n0000 Ville modèle"))
        XCTAssertEqual(Recipients.postalLines("A\r\n\n B \nC"), ["A", "B", "C"])
        XCTAssertFalse(Recipients.isPostalAddress("only one line"))
        XCTAssertFalse(Recipients.isPostalAddress(String(repeating: "x", count: 121) + "\nRue"))
        XCTAssertTrue(Recipients.isPostalAddress(String(repeating: "x", count: 120) + "\nRue"))
        XCTAssertFalse(Recipients.isPostalAddress("Modèle SA\nRue\u{0}\n3000 Bern"))
        XCTAssertFalse(Recipients.isPostalLine("a\tb"))
    }
}
