import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// The user list: text (case- and accent-insensitive), incl. deactivated, both sorts both ways, paging.
final class UserSearchTests: XCTestCase {
    var h: AdminHarness!
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    var s = ""

    override func setUpWithError() throws {
        (h, s) = try AdminHarness.withGilbertAdminOf(E)
        try h.createEmployer("555.001", "Autre SA")
        for (first, last, email) in [
            ("Lea", "Modèle", "lea@modelesa.ch"), ("Anna", "Müller", "anna@mueller.ch"),
            ("Zoé", "Émery", "zoe@emery.ch"), ("Claudine", "Zürcher", "c.z@modelesa.ch"),
        ] {
            _ = try h.addedUser(E, by: s, email: email, first: first, last: last)
        }
        let (_, other) = try h.registeredAdmin("555.001", email: "outsider@autre.ch", first: "Otto", last: "Modele")
        _ = other
        let anna = try XCTUnwrap(h.identity.accounts.values.first { $0.email == "anna@mueller.ch" })
        _ = try h.call(
            UsersUpdate.self, UsersUpdate.Body(employer: E, userId: anna.accountId, disabled: true), session: s)
    }
    override func tearDown() { h?.stop() }

    func search(_ b: UsersSearch.Body) throws -> UsersSearch.Reply { try h.call(UsersSearch.self, b, session: s) }

    func testTextIgnoresCaseAndAccentsAndStaysInTheEmployer() throws {
        XCTAssertEqual(
            try search(UsersSearch.Body(employer: E, text: "modele")).users.map(\.displayName),
            ["Modele, Gilbert", "Modèle, Lea", "Zürcher, Claudine"], "names and e-mails (c.z@modelesa.ch)")
        XCTAssertEqual(
            try search(UsersSearch.Body(employer: E, text: "MODÈLE lea")).users.map(\.displayName), ["Modèle, Lea"])
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "emery")).users.map(\.email), ["zoe@emery.ch"])
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "zurcher")).total, 1)
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "c.z@")).total, 1)
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "otto")).total, 0, "another employer's user")
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "100%_")).total, 0)
    }

    /// The name set through the real admin: folded letters, and punctuation inside names ignored.
    func testNamesAsWrittenAreFoundAsTyped() throws {
        for (i, name) in NameSet.names.enumerated() {
            let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
            _ = try h.addedUser(
                E, by: s, email: "n\(i)@names.ch", first: parts.count > 1 ? parts[0] : "Test",
                last: parts.count > 1 ? parts[1] : parts[0])
        }
        for (typed, email) in [
            ("damato", "n7@names.ch"), ("d'amato", "n7@names.ch"), ("muller ludenscheidt", "n8@names.ch"),
            ("mullerludenscheidt", "n8@names.ch"), ("dvorak", "n0@names.ch"), ("lukasiewicz", "n1@names.ch"),
            ("sukru ozturk", "n2@names.ch"), ("nguyen minh", "n3@names.ch"), ("odegard", "n4@names.ch"),
            ("παπαδοπουλος", "n5@names.ch"), ("ИВАНОВА", "n6@names.ch"), ("hohenzollern sigmaringen", "n9@names.ch"),
        ] {
            XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: typed)).users.map(\.email), [email], typed)
        }
    }

    func testIncludeDisabled() throws {
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "muller")).total, 0)
        let r = try search(UsersSearch.Body(employer: E, text: "muller", includeDisabled: true))
        XCTAssertEqual(r.total, 1)
        XCTAssertEqual(r.users.first?.disabled, true)
        XCTAssertEqual(try search(UsersSearch.Body(employer: E)).total, 4)
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, includeDisabled: true)).total, 5)
    }

    func testSortBothWaysAndPaging() throws {
        let up = try search(UsersSearch.Body(employer: E, includeDisabled: true)).users.map(\.displayName)
        XCTAssertEqual(up, ["Émery, Zoé", "Modele, Gilbert", "Modèle, Lea", "Müller, Anna", "Zürcher, Claudine"])
        let down = try search(UsersSearch.Body(employer: E, includeDisabled: true, sort: .displayNameDescending)).users
            .map(\.displayName)
        XCTAssertEqual(down, up.reversed())
        let byEmail = try search(UsersSearch.Body(employer: E, includeDisabled: true, sort: .email)).users.map(\.email)
        XCTAssertEqual(byEmail, byEmail.sorted())
        let byEmailDown = try search(UsersSearch.Body(employer: E, includeDisabled: true, sort: .emailDescending)).users
            .map(\.email)
        XCTAssertEqual(byEmailDown, byEmail.reversed())
        let page = try search(UsersSearch.Body(employer: E, includeDisabled: true, offset: 2, limit: 2))
        XCTAssertEqual(page.total, 5)
        XCTAssertEqual(page.users.map(\.displayName), Array(up[2..<4]))
        let past = try search(UsersSearch.Body(employer: E, includeDisabled: true, offset: 10, limit: 2))
        XCTAssertEqual(past.total, 5)
        XCTAssertEqual(past.users.count, 0)
        // The total is right whether it is counted or read off a page that is not full.
        for (offset, limit, shown) in [(0, 5, 5), (0, 6, 5), (3, 2, 2), (4, 2, 1), (4, 1, 1), (5, 2, 0), (0, 1, 1)] {
            let p = try search(UsersSearch.Body(employer: E, includeDisabled: true, offset: offset, limit: limit))
            XCTAssertEqual(p.total, 5, "offset \(offset), limit \(limit)")
            XCTAssertEqual(p.users.count, shown, "offset \(offset), limit \(limit)")
        }
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "mod", includeDisabled: true, limit: 1)).total, 3)
        XCTAssertEqual(try search(UsersSearch.Body(employer: E, text: "mod", includeDisabled: true, limit: 5)).total, 3)
        let badSort = try h.raw(UsersSearch.type, .object(["employer": .string(E), "sort": "name"]), session: s)
        XCTAssertEqual(badSort.error?.code, "bad_request")
        XCTAssertEqual(badSort.error?.field, "sort")
        XCTAssertEqual(
            h.outcome(UsersSearch.self, UsersSearch.Body(employer: E, limit: 501), session: s), "bad_request")
    }

    func testRowsAreTheSeedsColumnsInTheCallersLanguage() throws {
        let fr = try XCTUnwrap(search(UsersSearch.Body(employer: E, text: "gilbert")).users.first)
        XCTAssertEqual(fr.remarks.components(separatedBy: ", ").first, "Administrateur connect")
        let de = try XCTUnwrap(
            h.call(UsersSearch.self, UsersSearch.Body(employer: E, text: "gilbert"), session: s, lang: .de).users.first)
        XCTAssertTrue(de.remarks.hasPrefix("connect-Administrator, Buchhaltung"), de.remarks)
        let lea = try XCTUnwrap(search(UsersSearch.Body(employer: E, text: "lea")).users.first)
        XCTAssertEqual(lea.remarks, "Comptabilité")
        XCTAssertEqual(lea.reference, "")
        XCTAssertEqual(lea.language, "F")
        XCTAssertFalse(lea.disabled)
        let themes = try h.call(ThemesList.self, Empty(), session: s, lang: .de).themes
        XCTAssertEqual(themes.first?.name, "connect-Administrator")
        XCTAssertTrue(themes.contains { $0.name == "Familienzulagen" })
    }
}
