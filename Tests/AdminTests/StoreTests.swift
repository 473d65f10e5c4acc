import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

@testable import AdminCore

/// The store on its own: the audit trail's triggers and the list query.
final class StoreTests: XCTestCase {
    func testAuditTrailIsAppendOnly() throws {
        let dir = TempDirectory("adms")
        defer { dir.remove() }
        let store = try AdminStore(dataDir: dir.path)
        let now = Date()
        try store.db.write { conn in
            try store.insertEmployer(
                conn,
                EmployerRecord(
                    number: "1283.220", name: "Modèle SA", street: "Rue 1",
                    postcode: "3000", city: "Bern", language: .fr), now: now)
            try store.appendAudit(
                conn,
                AuditRecord(
                    employer: "1283.220", actorId: "a", actor: "a@x.ch",
                    action: .userUpdate, targetId: "b", target: "b@x.ch",
                    before: .object(["admin": true]), after: .object(["admin": false])), at: now)
        }
        XCTAssertThrowsError(try store.db.write { try $0.execute("UPDATE audit SET actor = 'someone else'") }) {
            error in
            XCTAssertTrue(String(describing: error).contains("append-only"), "\(error)")
        }
        XCTAssertThrowsError(try store.db.write { try $0.execute("DELETE FROM audit") })
        let r = try store.audit(employer: "1283.220", offset: 0, limit: 10)
        XCTAssertEqual(r.total, 1)
        XCTAssertEqual(r.entries.first?.actor, "a@x.ch")
        XCTAssertEqual(r.entries.first?.before, .object(["admin": true]))
        XCTAssertEqual(r.entries.first?.after, .object(["admin": false]))
    }

    /// Keys stored before the fold ignored inner punctuation are folded again on upgrade.
    func testMigrationRefoldsStoredSearchKeys() throws {
        let dir = TempDirectory("adms")
        defer { dir.remove() }
        do {
            let store = try AdminStore(dataDir: dir.path)
            try store.db.write { conn in
                try store.insertEmployer(
                    conn,
                    EmployerRecord(
                        number: "1283.220", name: "Dell'Acqua Sàrl", street: "Rue 1",
                        postcode: "3000", city: "Bern", language: .fr), now: Date())
                try store.saveUser(
                    conn,
                    UserRecord(
                        accountId: "acc_1", email: "g@x.ch", name: PersonName(first: "Gino", last: "d'Amato"),
                        language: .it, mfa: .notEnrolled, state: .active), now: Date())
                // As the previous version stored them, and its migrations as applied.
                _ = try conn.execute("UPDATE users SET search = 'gino d''amato g@x.ch'")
                _ = try conn.execute("UPDATE employers SET search = '1283.220 dell''acqua sarl'")
                _ = try conn.execute("DELETE FROM schema_migrations WHERE id = 3")
            }
            store.db.close()
        }
        let store = try AdminStore(dataDir: dir.path)
        let keys = try store.db.read { conn in
            (try conn.scalar("SELECT search FROM users").string, try conn.scalar("SELECT search FROM employers").string)
        }
        XCTAssertEqual(keys.0, "gino d'amato g@x.ch gino damato gxch")
        XCTAssertEqual(keys.1, "1283.220 dell'acqua sarl 1283220 dellacqua sarl")
    }

    /// Migration 21 folds every stored search and sort key again with the current fold
    /// (which left Foundation for the standard library's tables).
    func testMigrationRefoldsSortKeysToo() throws {
        let dir = TempDirectory("adms")
        defer { dir.remove() }
        do {
            let store = try AdminStore(dataDir: dir.path)
            try store.db.write { conn in
                try store.saveUser(
                    conn,
                    UserRecord(
                        accountId: "acc_1", email: "l@x.ch", name: PersonName(first: "Léa", last: "Émery"),
                        language: .fr, mfa: .notEnrolled, state: .active), now: Date())
                _ = try conn.execute("UPDATE users SET search = 'stale', sort_name = 'stale'")
                _ = try conn.execute("DELETE FROM schema_migrations WHERE id = 21")
            }
            store.db.close()
        }
        let store = try AdminStore(dataDir: dir.path)
        let keys = try store.db.read { conn in
            (try conn.scalar("SELECT search FROM users").string, try conn.scalar("SELECT sort_name FROM users").string)
        }
        XCTAssertEqual(keys.0, "lea emery l@x.ch lea emery lxch")
        XCTAssertEqual(keys.1, "emery, lea")
    }

    func testUserListUsesTheIndexes() throws {
        let dir = TempDirectory("adms")
        defer { dir.remove() }
        let store = try AdminStore(dataDir: dir.path)
        let plan = try store.db.read { conn in
            try conn.query(
                """
                EXPLAIN QUERY PLAN SELECT u.* FROM memberships m JOIN users u ON u.account_id = m.account_id
                WHERE m.employer = ? AND m.disabled = 0 AND instr(u.search, ?) > 0 ORDER BY u.sort_name
                """, "1283.220", "x"
            ).map { try $0.string("detail") }.joined(separator: " | ")
        }
        XCTAssertTrue(plan.contains("SEARCH m USING PRIMARY KEY (employer=?)"), plan)
        XCTAssertTrue(plan.contains("SEARCH u USING PRIMARY KEY (account_id=?)"), plan)
        XCTAssertFalse(plan.contains("SCAN u"), plan)
    }
}
