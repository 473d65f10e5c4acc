import XCTest

/// A test against identity through its harness; after each test no secret may be in its log.
class IdentityTestCase: XCTestCase {
    var h: IdentityHarness!

    override func tearDown() {
        h?.assertNoSecretInLog()
        h?.close()
    }
}

/// Tests about Gilbert, the person most flows register.
class GilbertTestCase: IdentityTestCase {
    let email = "gilbert@modele.ch"
    let password = "Zebra-Crossing-42"
}

/// Gilbert registered, with his phone, before each test.
class RegisteredGilbertTestCase: GilbertTestCase {
    let phone = "+41791112233"
    var accountId = ""

    override func setUpWithError() throws {
        h = try IdentityHarness()
        accountId = try h.register(email: email, password: password, phone: "079 111 22 33")
    }
}
