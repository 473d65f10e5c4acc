import AdminCore
import Contracts
import Foundation
import Runtime
import Wire
import XCTest

/// The pure rules of mandant lists, delegation terms and step-up.
final class MandantDomainTests: XCTestCase {
    let now = Date(rfc3339: "2026-11-27T09:00:00Z")!

    func entry(_ number: String, _ name: String, alias: String = "", isDefault: Bool = false) -> MandantEntry {
        MandantEntry(
            number: number, name: name, admin: false, themes: [], alias: alias, isDefault: isDefault,
            delegated: false, delegationEndsAt: nil)
    }

    func testSearchByNumberNameOrAliasDefaultFirst() {
        let all = [
            entry("1283.220", "Modèle SA"), entry("2001.100", "Treuhand AG", alias: "Büro"),
            entry("0999.001", "Zürcher GmbH", isDefault: true),
        ]
        XCTAssertEqual(MandantList.filter(all, text: nil).map(\.number), ["0999.001", "1283.220", "2001.100"])
        XCTAssertEqual(MandantList.filter(all, text: "buro").map(\.number), ["2001.100"])
        XCTAssertEqual(MandantList.filter(all, text: "MODELE sa").map(\.number), ["1283.220"])
        XCTAssertEqual(MandantList.filter(all, text: "1283220").map(\.number), ["1283.220"])
        XCTAssertEqual(MandantList.filter(all, text: "zurcher 0999").map(\.number), ["0999.001"])
        XCTAssertEqual(MandantList.filter(all, text: "treuhand modele").map(\.number), [], "every word must match")
        XCTAssertEqual(MandantList.alias("  Kunde 17 "), "Kunde 17")
        XCTAssertNil(MandantList.alias("two\nlines"))
        XCTAssertNil(MandantList.alias(String(repeating: "x", count: 101)))
    }

    func testSearchByTown() {
        let all = [
            MandantEntry(
                number: "1283.220", name: "Modèle SA", admin: true, themes: [], alias: "", isDefault: false,
                delegated: false, delegationEndsAt: nil, city: "Ville modèle"),
            MandantEntry(
                number: "2000.100", name: "Fidu SA", admin: true, themes: [], alias: "", isDefault: false,
                delegated: false, delegationEndsAt: nil, city: "Zürich"),
        ]
        XCTAssertEqual(MandantList.filter(all, text: "zurich").map(\.number), ["2000.100"])
        XCTAssertEqual(MandantList.filter(all, text: "ville").map(\.number), ["1283.220"])
        XCTAssertEqual(
            MandantList.filter(all, text: "fidu zurich").map(\.number), ["2000.100"], "name and town together")
        XCTAssertEqual(MandantList.filter(all, text: "fidu ville").map(\.number), [])
    }

    func testDelegationTerm() throws {
        XCTAssertEqual(DelegationTerm.state(endsAt: nil, revokedAt: nil, now: now), "active")
        XCTAssertEqual(DelegationTerm.state(endsAt: now + 1, revokedAt: nil, now: now), "active")
        XCTAssertEqual(DelegationTerm.state(endsAt: now, revokedAt: nil, now: now), "ended")
        XCTAssertEqual(DelegationTerm.state(endsAt: now + 1, revokedAt: now, now: now), "revoked")
        // The day after the end date starts at midnight in Zurich (UTC+1 in winter, +2 in summer).
        XCTAssertEqual(try DelegationTerm.parseEnd("2026-12-31", now: now).get(), Date(rfc3339: "2026-12-31T23:00:00Z"))
        XCTAssertEqual(try DelegationTerm.parseEnd("2027-07-31", now: now).get(), Date(rfc3339: "2027-07-31T22:00:00Z"))
        XCTAssertEqual(try DelegationTerm.parseEnd("2027-02-28", now: now).get(), Date(rfc3339: "2027-02-28T23:00:00Z"))
        XCTAssertEqual(
            try DelegationTerm.parseEnd("2026-11-28T10:00:00Z", now: now).get(),
            Date(rfc3339: "2026-11-28T10:00:00Z"))
        XCTAssertNil(try DelegationTerm.parseEnd(nil, now: now).get())
        XCTAssertEqual((try? DelegationTerm.parseEnd("2026-11-26", now: now).get()) ?? nil, nil)
        XCTAssertThrowsError(try DelegationTerm.parseEnd("2026-11-26", now: now).get())
        XCTAssertThrowsError(try DelegationTerm.parseEnd("tomorrow", now: now).get())
    }

    func testStepUpWindow() {
        XCTAssertTrue(StepUp.satisfied(provedAt: now - 600, now: now, window: 600))
        XCTAssertFalse(StepUp.satisfied(provedAt: now - 601, now: now, window: 600))
        XCTAssertFalse(StepUp.satisfied(provedAt: nil, now: now, window: 600))
        XCTAssertFalse(StepUp.satisfied(provedAt: now + 3600, now: now, window: 600), "not from the future")
    }
}
