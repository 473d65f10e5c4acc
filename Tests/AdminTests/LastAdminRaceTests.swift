import AdminCore
import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire
import XCTest

/// Two admins who deactivate each other at the same moment: the last-admin rule
/// is checked again under the write lock (UserUpdateHandler), so one of them
/// loses with `last_admin` and the employer keeps an administrator. Several
/// rounds, each on a fresh employer; identity (a fake) holds each deactivation
/// until the other has arrived, so that both requests are past the first check before either writes.
final class LastAdminRaceTests: XCTestCase {
    func testTwoAdminsDeactivatingEachOtherLeaveOneAdmin() throws {
        let h = try AdminHarness()
        defer { h.stop() }
        h.identity.slowDeactivation = true
        for round in 0..<6 {
            // Upper case on purpose: employer numbers, named as in the brief's examples.
            // swift-format-ignore: AlwaysUseLowerCamelCase
            let E = "\(1100 + round).220"
            try h.createEmployer(E)
            let (a, aSession) = try h.registeredAdmin(E, email: "a\(round)@modelesa.ch", first: "Anna")
            let (b, bSession) = try h.addedUser(
                E, by: aSession, email: "b\(round)@modelesa.ch", first: "Beat",
                last: "Muster", admin: true)
            let outcomes = Mutex<[String]>([])
            let moves = [(aSession, b), (bSession, a.accountId)]
            onThreads(2) { i in
                let (session, target) = moves[i]
                let o = h.outcome(
                    UsersUpdate.self, UsersUpdate.Body(employer: E, userId: target, disabled: true),
                    session: session)
                outcomes.withLock { $0.append(o) }
            }
            let got = outcomes.withLock { $0 }
            XCTAssertEqual(got.filter { $0 == "ok" }.count, 1, "round \(round): \(got)")
            // Someone can still manage the employer, and identity holds no disabled account
            // that admin counts as an active admin: the loser's compensation (re-enabling the
            // account identity had already disabled) goes through admin's outbox, so it may
            // arrive a moment after the replies.
            var survivors: [String] = []
            Poll.until(timeout: 10) {
                survivors = [aSession, bSession].filter {
                    h.outcome(UsersSearch.self, UsersSearch.Body(employer: E), session: $0) == "ok"
                }
                return survivors.count == 1
            }
            XCTAssertEqual(survivors.count, 1, "round \(round): \(got)")
        }
    }
}
