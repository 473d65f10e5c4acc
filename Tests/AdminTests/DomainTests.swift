import Contracts
import Foundation
import Runtime
import Wire
import XCTest

@testable import AdminCore

final class DomainTests: XCTestCase {
    func testEmployerNumberFormatAndNormalisation() {
        XCTAssertEqual(EmployerNumber("1283.220")?.value, "1283.220")
        XCTAssertEqual(EmployerNumber("283.220")?.value, "283.220")
        XCTAssertEqual(EmployerNumber(" 1283.220 ")?.value, "1283.220")
        XCTAssertEqual(EmployerNumber("1283220")?.value, "1283.220")
        XCTAssertEqual(EmployerNumber("1'283'220")?.value, "1283.220")
        XCTAssertEqual(EmployerNumber("1283 220")?.value, "1283.220")
        for bad in [
            "", "12.220", "12345.220", "1283.22", "1283.2200", "1283.22a", "abcd.efg", "1283..220",
            "12832", "12345678", "1.283.220", "١٢٨٣.٢٢٠",
        ] {
            XCTAssertNil(EmployerNumber(bad), bad)
        }
        XCTAssertEqual(EmployerNumber("1283.220")?.reference, "1'283'220")
        XCTAssertEqual(EmployerNumber("283.220")?.reference, "283'220")
    }

    func testDisplayName() {
        XCTAssertEqual(PersonName(first: "Gilbert", last: "Modele").displayName, "Modele, Gilbert")
        XCTAssertEqual(PersonName(first: " Lea ", last: "Modèle ").displayName, "Modèle, Lea")
        XCTAssertEqual(PersonName(first: "", last: "Modele").displayName, "Modele")
        XCTAssertFalse(PersonName.valid("  "))
        XCTAssertFalse(PersonName.valid("a\nb"))
        XCTAssertTrue(PersonName.valid("Zoë"))
    }

    func testFoldingIgnoresCaseAndAccents() {
        XCTAssertEqual(SearchFolding.fold("Modèle"), "modele")
        XCTAssertEqual(SearchFolding.fold("ÉMERY Zürcher"), "emery zurcher")
        XCTAssertEqual(SearchFolding.fold("Straße"), "strasse")
        XCTAssertEqual(SearchFolding.words("  Modèle,  GILBERT "), ["modele", "gilbert"])
        XCTAssertEqual(SearchFolding.words(nil), [])
        XCTAssertTrue(PersonName(first: "Gilbert", last: "Modèle").searchText(email: "G@X.ch").contains("modele"))
        XCTAssertLessThan(PersonName(first: "A", last: "Émery").sortKey, PersonName(first: "A", last: "Fabre").sortKey)
    }

    func testSearchKeysIgnorePunctuationInsideWords() {
        XCTAssertEqual(SearchFolding.key("d'Amato"), "d'amato damato")
        XCTAssertEqual(SearchFolding.key("Müller-Lüdenscheidt"), "muller-ludenscheidt mullerludenscheidt")
        XCTAssertEqual(SearchFolding.key("Dvořák"), "dvorak", "nothing to join: the key is the fold")
        XCTAssertEqual(
            SearchFolding.joiningWords("o’brien a--b 100% _x_ 'quoted' c.z@mail.ch"),
            "obrien ab 100% _x_ 'quoted' czmailch")
        XCTAssertEqual(SearchFolding.joiningWords("%"), "%")
        XCTAssertEqual(SearchFolding.joiningWords(""), "")
        // What the list does with a typed text: every word in the stored key.
        func finds(_ typed: String, _ stored: String) -> Bool {
            let key = SearchFolding.key(stored)
            return SearchFolding.words(typed).allSatisfy { key.contains($0) }
        }
        for (typed, stored) in [
            ("damato", "d'Amato"), ("d'amato", "d'Amato"), ("D AMATO", "d'Amato"),
            ("muller ludenscheidt", "Müller-Lüdenscheidt"), ("mullerludenscheidt", "Müller-Lüdenscheidt"),
            ("obrien", "O’Brien"), ("dvorak", "Dvořák"), ("lukasiewicz", "Łukasiewicz"),
            ("sukru ozturk", "Şükrü Öztürk"), ("nguyen thi", "Nguyễn Thị Minh Khai"),
            ("odegard", "Ødegård"), ("παπαδοπουλος", "Παπαδόπουλος"), ("иванова", "Иванова"),
            ("@modelesa.ch", "lea@modelesa.ch"),
        ] {
            XCTAssertTrue(finds(typed, stored), "«\(typed)» should find «\(stored)»")
        }
        XCTAssertFalse(finds("damatox", "d'Amato"))
        XCTAssertFalse(finds("%", "d'Amato"))
    }

    func testEmailNormalisation() {
        XCTAssertEqual(EmailAddress.normalize(" Lea@ModeleSA.ch "), "lea@modelesa.ch")
        for bad in ["", "lea", "lea@", "@x.ch", "lea@x", "le a@x.ch", "a@b@c.ch", "lea@.ch"] {
            XCTAssertNil(EmailAddress.normalize(bad), bad)
        }
    }

    func testLastAdminRule() {
        let admin = Membership(employer: "1283.220", accountId: "a", admin: true, themes: [], disabled: false)
        var noAdmin = admin
        noAdmin.admin = false
        var disabled = admin
        disabled.disabled = true
        // Removing the right or deactivating the only active admin is refused…
        XCTAssertFalse(LastAdminRule.allows(before: admin, after: noAdmin, otherActiveAdmins: 0))
        XCTAssertFalse(LastAdminRule.allows(before: admin, after: disabled, otherActiveAdmins: 0))
        // …allowed when another active admin remains, or when nothing changes for admins.
        XCTAssertTrue(LastAdminRule.allows(before: admin, after: noAdmin, otherActiveAdmins: 1))
        XCTAssertTrue(LastAdminRule.allows(before: admin, after: admin, otherActiveAdmins: 0))
        XCTAssertTrue(LastAdminRule.allows(before: noAdmin, after: noAdmin, otherActiveAdmins: 0))
        // A deactivated admin does not count, and giving it back is always fine.
        XCTAssertTrue(LastAdminRule.allows(before: disabled, after: admin, otherActiveAdmins: 0))
        XCTAssertTrue(LastAdminRule.allows(before: disabled, after: noAdmin, otherActiveAdmins: 0))
    }

    func testThemeCatalogueShippedFileAndRemarks() throws {
        let c = try ThemeCatalogue.load(environment: Environment([:]))
        XCTAssertEqual(c.adminRight.name(.fr), "Administrateur connect")
        XCTAssertEqual(c.adminRight.name(.de), "connect-Administrator")
        XCTAssertEqual(c.adminRight.name(.it), "Amministratore connect")
        XCTAssertEqual(c.adminRight.name(.en), "connect administrator")
        XCTAssertTrue(
            c.adminRight.description(.fr).hasPrefix("Administrateur du côté client: peut ajouter d'autres utilisateurs")
        )
        for key in ["accounting", "salaries", "familyAllowances", "lossOfEarnings", "affiliation", "documents"] {
            XCTAssertTrue(c.keys.contains(key), key)
        }
        XCTAssertEqual(
            c.remarks(admin: true, themes: ["accounting", "familyAllowances"], lang: .fr),
            "Administrateur connect, Comptabilité, Allocations familiales")
        XCTAssertEqual(c.remarks(admin: false, themes: ["salaries"], lang: .de), "Lohnmeldungen")
        XCTAssertEqual(c.remarks(admin: false, themes: [], lang: .en), "")
        XCTAssertEqual(c.normalize(["documents", "accounting", "documents"]), ["accounting", "documents"])
        XCTAssertNil(c.normalize(["accounting", "nope"]))
        XCTAssertNil(c.normalize(["connectAdmin"]))
        XCTAssertEqual(c.list(.it).first?.name, "Amministratore connect")
        XCTAssertEqual(c.list(.it).count, c.keys.count + 1)
    }

    func testThemeCatalogueOverrideAndBadFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func entry(_ key: String, langs: [String] = ["fr", "de", "it", "en"]) -> String {
            let names = langs.map { "\"\($0)\":\"\(key)-\($0)\"" }.joined(separator: ",")
            return "{\"key\":\"\(key)\",\"name\":{\(names)},\"description\":{\(names)}}"
        }
        let good = dir.appendingPathComponent("good.json")
        try Data("{\"adminRight\":\(entry("boss")),\"themes\":[\(entry("x"))]}".utf8).write(to: good)
        let c = try ThemeCatalogue.load(environment: Environment(["ADMIN_THEMES_FILE": good.path]))
        XCTAssertEqual(c.keys, ["x"])
        XCTAssertEqual(c.remarks(admin: true, themes: ["x"], lang: .de), "boss-de, x-de")
        let missingLang = dir.appendingPathComponent("bad1.json")
        try Data("{\"adminRight\":\(entry("boss")),\"themes\":[\(entry("x", langs: ["fr"]))]}".utf8).write(
            to: missingLang)
        XCTAssertThrowsError(try ThemeCatalogue.load(environment: Environment(["ADMIN_THEMES_FILE": missingLang.path])))
        let dup = dir.appendingPathComponent("bad2.json")
        try Data("{\"adminRight\":\(entry("boss")),\"themes\":[\(entry("x")),\(entry("x"))]}".utf8).write(to: dup)
        XCTAssertThrowsError(try ThemeCatalogue.load(environment: Environment(["ADMIN_THEMES_FILE": dup.path])))
        XCTAssertThrowsError(
            try ThemeCatalogue.load(environment: Environment(["ADMIN_THEMES_FILE": "/nonexistent.json"])))
    }

    func testUserListQueryValidation() throws {
        let q = try UserListQuery.parse(
            employer: "1283.220", text: "Modèle", includeDisabled: nil, sort: .emailDescending,
            offset: nil, limit: nil)
        XCTAssertEqual(q.words, ["modele"])
        XCTAssertEqual(q.sort, .emailDescending)
        XCTAssertEqual(q.limit, 50)
        XCTAssertFalse(q.includeDisabled)
        XCTAssertNil(
            try UserListQuery.parse(
                employer: "x", text: nil, includeDisabled: true, sort: nil,
                offset: 10, limit: 5, paged: false
            ).limit)
        // An unknown sort is refused when the body is read; an empty one is the default order.
        XCTAssertThrowsError(try JSONDecoder().decode(UserSort.self, from: Data(#""name""#.utf8)))
        XCTAssertEqual(try JSONDecoder().decode(UserSort.self, from: Data(#""""#.utf8)), .displayName)
        XCTAssertThrowsError(try Paging.parse(offset: -1, limit: nil))
        XCTAssertThrowsError(try Paging.parse(offset: nil, limit: 501))
        XCTAssertThrowsError(try Paging.parse(offset: nil, limit: 0))
        XCTAssertEqual(try Paging.parse(offset: 3, limit: 500).limit, 500)
    }
}
