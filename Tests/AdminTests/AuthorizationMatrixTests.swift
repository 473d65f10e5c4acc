import AdminCore
import Contracts
import Foundation
import Runtime
import TestSupport
import Wire
import XCTest

/// Every admin message × every kind of caller, each answer checked.
final class AuthorizationMatrixTests: XCTestCase {
    // Upper case on purpose: employer numbers, named as in the brief's examples.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    let E = "1283.220"
    let other = "555.001"

    /// A message with a valid body (so only authorization decides the answer).
    struct Probe {
        let type: String
        let body: JSONValue
        let staffOnly: Bool
        /// admin.me / themes.list: any valid session.
        let anySession: Bool
    }

    func probes(nonAdmin: String, pending: String) -> [Probe] {
        func p(_ t: String, _ b: [String: JSONValue], staff: Bool = false, any: Bool = false) -> Probe {
            Probe(type: t, body: .object(b), staffOnly: staff, anySession: any)
        }
        let e = JSONValue.string(E)
        return [
            p(
                EmployerCreate.type,
                [
                    "number": "777.001", "name": "Neu AG", "street": "Weg 1", "postcode": "8000",
                    "city": "Zürich", "language": "de",
                ], staff: true),
            p(EmployerInvite.type, ["number": e, "delivery": "letter"], staff: true),
            p(EmployerList.type, [:], staff: true),
            p(AdminMe.type, [:], any: true),
            p(ThemesList.type, [:], any: true),
            p(InvitationsList.type, [:], any: true),
            p(UsersSearch.type, ["employer": e, "text": "modele"]),
            p(UsersGet.type, ["employer": e, "userId": .string(nonAdmin)]),
            p(
                UsersCreate.type,
                [
                    "employer": e, "email": "new@modelesa.ch", "firstName": "Nina", "lastName": "Neu",
                    "language": "de",
                ]),
            p(UsersConfirmPhone.type, ["employer": e, "userId": .string(pending), "smsCode": "123456"]),
            p(UsersUpdate.type, ["employer": e, "userId": .string(nonAdmin), "themes": .array(["documents"])]),
            p(UsersExport.type, ["employer": e, "format": "xlsx"]),
            p(AuditSearch.type, ["employer": e]),
            p(SettingsGet.type, ["employer": e]),
            p(SettingsUpdate.type, ["employer": e, "language": "fr"]),
        ]
    }

    func testEveryMessageForEveryCaller() throws {
        let h = try AdminHarness()
        defer { h.stop() }
        try h.createEmployer(E)
        try h.createEmployer(other, "Fiducia AG")
        let (_, rightAdmin) = try h.registeredAdmin(E, email: "gilbert@modelesa.ch")
        let (_, otherAdmin) = try h.registeredAdmin(other, email: "boss@fiducia.ch", first: "Bea", last: "Boss")
        let (nonAdminId, nonAdmin) = try h.addedUser(
            E, by: rightAdmin, email: "lea@modelesa.ch", first: "Lea", last: "Modele")
        // A user deactivated in their only employer: identity disables the account.
        let (goneId, gone) = try h.addedUser(
            E, by: rightAdmin, email: "gone@modelesa.ch", first: "Gone", last: "G", admin: true)
        _ = try h.call(
            UsersUpdate.self, UsersUpdate.Body(employer: E, userId: goneId, disabled: true), session: rightAdmin)
        // A fiduciary, admin here, deactivated here but active elsewhere: the account lives on.
        let (fidId, _) = try h.addedUser(
            E, by: rightAdmin, email: "fid@fiducia.ch", first: "Fritz", last: "Fid", admin: true)
        _ = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: other, email: "fid@fiducia.ch", firstName: "Fritz",
                lastName: "Fid", language: .fr), session: otherAdmin)
        try h.consent(other, accountId: fidId)
        _ = try h.call(
            UsersUpdate.self, UsersUpdate.Body(employer: E, userId: fidId, disabled: true), session: rightAdmin)
        let fiduciary = h.identity.login(fidId)
        let pending = try h.call(
            UsersCreate.self,
            UsersCreate.Body(
                employer: E, email: "pia@modelesa.ch", firstName: "Pia",
                lastName: "P", language: .fr, phone: "0791112233"),
            session: rightAdmin
        ).userId
        let all = probes(nonAdmin: nonAdminId, pending: pending)

        // The test process is not fund staff here.
        let notUs = getuid() == 4_242_424 ? "4242425" : "4242424"
        try h.restart(environment: ["CONNECT_STAFF_UIDS": notUs])

        var mismatches: [String] = []
        func check(_ caller: String, session: String?, _ expected: (Probe) -> String) throws {
            for probe in all {
                let reply = try h.raw(probe.type, probe.body, session: session)
                let got = reply.ok ? "ok" : (reply.error?.code ?? "?")
                let want = expected(probe)
                if got != want { mismatches.append("\(caller) × \(probe.type): got \(got), want \(want)") }
            }
        }
        let sessionRule = { (code: String) in { (p: Probe) in p.staffOnly ? "forbidden" : code } }
        try check("no session", session: nil, sessionRule("unauthenticated"))
        try check("expired session", session: "tok_expired_or_unknown", sessionRule("unauthenticated"))
        try check("deactivated account", session: gone, sessionRule("account_disabled"))
        for (name, s) in [
            ("other employer's admin", otherAdmin), ("non-admin user", nonAdmin),
            ("deactivated here, active elsewhere", fiduciary),
        ] {
            try check(name, session: s) { p in p.staffOnly ? "forbidden" : p.anySession ? "ok" : "forbidden" }
        }
        try check("the right admin", session: rightAdmin) { p in p.staffOnly ? "forbidden" : "ok" }

        // Fund staff (the default: the uid the service runs as), without a session.
        try h.restart(environment: [:])
        try check("fund staff", session: nil) { p in p.staffOnly ? "ok" : "unauthenticated" }
        // Staff's uid grants nothing in an employer: a session of a stranger to E is refused.
        try check("fund staff with another employer's session", session: otherAdmin) { p in
            p.staffOnly ? (p.type == EmployerCreate.type ? "conflict" : "ok") : p.anySession ? "ok" : "forbidden"
        }
        XCTAssertEqual(mismatches, [], mismatches.joined(separator: "\n"))
        XCTAssertEqual(h.identity.peer.requests(SessionVerify.type).isEmpty, false)
    }

    func testServiceEventsOnlyFromServiceUIDs() throws {
        let h = try AdminHarness(environment: ["CONNECT_SERVICE_UIDS": getuid() == 4_242_424 ? "4242425" : "4242424"])
        defer { h.stop() }
        try h.createEmployer(E)
        let a = h.identity.addAccount(email: "x@modelesa.ch", first: "X", last: "Y")
        XCTAssertEqual(try h.sendRegistered(a, employer: E).error?.code, "forbidden")
        XCTAssertEqual(
            try h.client.send(
                type: AccountChanged.type, body: AccountChanged.Body(accountId: a.accountId),
                id: "c1"
            ).error?.code, "forbidden")
    }
}
