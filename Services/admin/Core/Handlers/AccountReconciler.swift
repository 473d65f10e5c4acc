import Contracts
import FoundationEssentials
import Runtime
import Synchronization
import Wire

/// After a restore of one service, admin and identity can disagree on who exists.
/// At start and then every `interval`, admin pages through identity's account ids
/// (`identity.accounts.list`) and compares them with its users:
/// - a user whose account identity no longer has is marked `missing` (shown as
///   needing a new invitation; `admin.users.create` with the same e-mail invites
///   them anew and moves their memberships to the new account);
/// - an identity account admin does not know is reported (`reconcile.unknown_accounts`,
///   a warning with the ids). A registration whose event is still on its way can
///   appear there once; a restore of admin shows every account it lost.
enum AccountReconciler {
    struct Outcome: Equatable {
        var missing: [String]
        var unknown: [String]
    }

    /// When the next pass is due (monotonic seconds): after a failure (identity not
    /// up yet) in a few seconds, after a success in `interval`.
    final class Schedule: Sendable { let next = Atomic<Int>(0) }

    static func worker(_ rt: AdminRuntime, interval: TimeInterval) -> Worker {
        let schedule = Schedule()
        return Worker(name: "account-reconciler", interval: min(interval, 5), logger: rt.logger) {
            let now = Int(monotonicSeconds())
            guard now >= schedule.next.load(ordering: .relaxed) else { return false }
            do {
                _ = try run(rt)
                schedule.next.store(now + Int(interval), ordering: .relaxed)
            } catch {
                schedule.next.store(now + 5, ordering: .relaxed)
                rt.logger.info("reconcile.postponed", ["error": .string(String(describing: error))])
            }
            return false
        }
    }

    @discardableResult
    static func run(_ rt: AdminRuntime) throws -> Outcome {
        var identityIds = Set<String>()
        var after: String?
        repeat {
            let page = try rt.callIdentity(AccountsList.self, AccountsList.Body(after: after, limit: 5000), lang: .en)
            identityIds.formUnion(page.accountIds)
            after = page.next
        } while after != nil
        let now = rt.clock.now()
        let outcome: Outcome = try rt.store.db.write { conn in
            let users = try conn.query("SELECT account_id, state FROM users")
            let known = try Set(users.map { try $0.string("account_id") })
            let missing = try users.filter {
                try !identityIds.contains($0.string("account_id")) && $0.string("state") != UserState.missing.rawValue
            }.map { try $0.string("account_id") }
            for id in missing {
                try conn.execute(
                    "UPDATE users SET state = ?, updated_at = ? WHERE account_id = ?",
                    UserState.missing.rawValue, now, id)
            }
            return Outcome(missing: missing, unknown: identityIds.subtracting(known).sorted())
        }
        if !outcome.missing.isEmpty {
            rt.logger.warning(
                "reconcile.missing_accounts",
                [
                    "count": .number(Double(outcome.missing.count)),
                    "accountIds": .array(outcome.missing.prefix(50).map { .string($0) }),
                    "action": "shown as needing a new invitation",
                ])
        }
        if !outcome.unknown.isEmpty {
            rt.logger.warning(
                "reconcile.unknown_accounts",
                [
                    "count": .number(Double(outcome.unknown.count)),
                    "accountIds": .array(outcome.unknown.prefix(50).map { .string($0) }),
                    "action": "identity accounts admin does not know",
                ])
        }
        return outcome
    }
}
