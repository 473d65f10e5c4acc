import Contracts
import Foundation
import Runtime
import Synchronization
import TestSupport
import Wire

/// Identity as admin sees it, in the test process: a table of session tokens the
/// test controls and a table of accounts the account.* messages act on.
final class FakeIdentity: Sendable {
    let peer: FakePeer
    private struct State {
        var sessions: [String: String] = [:] // token → accountId
        var reauthenticated: [String: Date] = [:] // token → last password proof
        var accounts: [String: AccountInfo] = [:]
        var counter = 0
        var phoneChanges: Set<String> = [] // accounts with a phone change awaiting its code
        var failNext: ErrorCode?
        var slowDeactivation = false
    }
    private let state = Mutex(State())
    var accounts: [String: AccountInfo] { state.withLock { $0.accounts } }
    /// The SMS code the fake "sends": the test types it into confirmPhone.
    static let smsCode = "123456"
    /// Make the next account.* call fail with this code (then reset).
    var failNext: ErrorCode? {
        get { state.withLock { $0.failNext } }
        set { state.withLock { $0.failNext = newValue } }
    }
    /// Holds each `disabled: true` update until its pair has arrived (at most 5 s): two
    /// racing deactivations are then both past admin's first last-admin check before either writes.
    var slowDeactivation: Bool {
        get { state.withLock { $0.slowDeactivation } }
        set { state.withLock { $0.slowDeactivation = newValue } }
    }
    private let deactivations = Arrivals<String>()

    init(socketPath: String) {
        peer = FakePeer(socketPath: socketPath)
        peer.on(SessionVerify.self) { [unowned self] b in try self.verify(b.session) }
        peer.on(InvitationIssue.self) { _ in
            InvitationIssue.Reply(accessCode: "VEFA NUSU 2YTE", expiresAt: "2027-02-25T10:00:00Z")
        }
        peer.on(AccountCreate.self) { [unowned self] b in try self.create(b) }
        peer.on(AccountSmsSend.self) { [unowned self] b in
            try self.mutate(b.accountId) { a, phoneChanges in
                guard b.phone.hasPrefix("+41") || b.phone.hasPrefix("07") else {
                    throw ServiceError(.invalidPhone, field: "phone")
                }
                // Like identity: an enrolled phone stays until the new one's code is confirmed.
                if a.state == .pendingPhone {
                    a.maskedPhone = "+41 79 *** ** 33"
                } else {
                    phoneChanges.insert(a.accountId)
                }
            }
            return AccountSmsSend.Reply(maskedPhone: "+41 79 *** ** 33")
        }
        peer.on(AccountSmsConfirm.self) { [unowned self] b in
            guard b.smsCode == Self.smsCode else { throw ServiceError(.invalidCode, field: "smsCode") }
            return AccountSmsConfirm.Reply(
                account: try self.mutate(b.accountId) { a, phoneChanges in
                    a.state = .active
                    a.mfa = .sms
                    if phoneChanges.remove(a.accountId) != nil { a.maskedPhone = "+41 79 *** ** 44" }
                })
        }
        peer.on(AccountUpdate.self) { [unowned self] b in
            if b.disabled == true, self.slowDeactivation {
                self.deactivations.append(b.accountId)
                self.deactivations.wait(timeout: 5) { $0.count % 2 == 0 }
            }
            return AccountUpdate.Reply(
                account: try self.mutate(b.accountId) { a, _ in
                    if let f = b.firstName { a.firstName = f }
                    if let l = b.lastName { a.lastName = l }
                    if let lang = b.language { a.language = lang }
                    if let p = b.phone {
                        guard p.hasPrefix("+41") || p.hasPrefix("07") else {
                            throw ServiceError(.invalidPhone, field: "phone")
                        }
                        a.maskedPhone = "+41 79 *** ** 44"
                        a.mfa = .sms
                    }
                    if b.clearLockout == true { a.lockedUntil = nil }
                    if let t = b.lockedUntil { a.lockedUntil = t }
                    if let d = b.disabled {
                        a.disabled = d
                        a.state = d ? .disabled : .active
                    }
                })
        }
        peer.on(AccountGet.self) { [unowned self] b in
            AccountGet.Reply(account: try self.mutate(b.accountId) { _, _ in })
        }
        peer.on(AccountSessionsEnd.self) { [unowned self] b in
            AccountSessionsEnd.Reply(ended: self.endSessions(b.accountId))
        }
    }

    func start() { peer.start() }
    func stop() { peer.stop() }

    /// An account as registration would have made it (active, SMS enrolled).
    @discardableResult
    func addAccount(email: String, first: String, last: String, language: Language = .fr) -> AccountInfo {
        state.withLock { s in
            s.counter += 1
            let a = AccountInfo(
                accountId: "acc_\(s.counter)_\(email.prefix(while: { $0 != "@" }))", email: email,
                firstName: first, lastName: last, language: language, state: .active, mfa: .sms,
                maskedPhone: "+41 79 *** ** 11", lockedUntil: nil, disabled: false, lastLoginAt: nil)
            s.accounts[a.accountId] = a
            return a
        }
    }

    /// A fresh session token for an account (a login).
    func login(_ accountId: String) -> String {
        state.withLock { s in
            s.counter += 1
            let token = "tok_\(s.counter)_\(accountId)"
            s.sessions[token] = accountId
            // A login proves the password: sensitive actions are allowed right after it.
            s.reauthenticated[token] = Date()
            return token
        }
    }

    /// Sets when the session last proved the password (nil: never), as identity's
    /// `session.reauth` would.
    func reauth(_ token: String, at: Date?) { state.withLock { $0.reauthenticated[token] = at } }

    func account(_ id: String) -> AccountInfo? { state.withLock { $0.accounts[id] } }

    func setLocked(_ id: String, until: String?) { _ = try? mutate(id) { a, _ in a.lockedUntil = until } }

    private func verify(_ token: String) throws -> SessionVerify.Reply {
        try state.withLock { s in
            guard let id = s.sessions[token], let a = s.accounts[id] else { throw ServiceError(.unauthenticated) }
            if a.disabled { throw ServiceError(.accountDisabled) }
            return SessionVerify.Reply(
                accountId: id, email: a.email, expiresAt: "2030-01-01T00:00:00Z",
                reauthenticatedAt: s.reauthenticated[token]?.rfc3339)
        }
    }

    private func create(_ b: AccountCreate.Body) throws -> AccountCreate.Reply {
        if let e = takeFailure() { throw ServiceError(e) }
        return state.withLock { s in
            if let existing = s.accounts.values.first(where: { $0.email == b.email }) {
                return AccountCreate.Reply(account: existing, created: false)
            }
            s.counter += 1
            let a = AccountInfo(
                accountId: "acc_\(s.counter)_new", email: b.email, firstName: b.firstName,
                lastName: b.lastName, language: b.language,
                state: b.phone == nil ? .invited : .pendingPhone, mfa: nil,
                maskedPhone: nil, lockedUntil: nil, disabled: false, lastLoginAt: nil)
            s.accounts[a.accountId] = a
            return AccountCreate.Reply(account: a, created: true)
        }
    }

    private func takeFailure() -> ErrorCode? {
        state.withLock { s in
            defer { s.failNext = nil }
            return s.failNext
        }
    }

    @discardableResult
    /// Changes an account; `change` also gets the accounts with a phone change pending.
    private func mutate(_ id: String, _ change: (inout AccountInfo, inout Set<String>) throws -> Void) throws
        -> AccountInfo
    {
        if let e = takeFailure() { throw ServiceError(e) }
        return try state.withLock { s in
            guard var a = s.accounts[id] else { throw ServiceError(.notFound) }
            try change(&a, &s.phoneChanges)
            s.accounts[id] = a
            return a
        }
    }

    private func endSessions(_ accountId: String) -> Int {
        state.withLock { s in
            let mine = s.sessions.filter { $0.value == accountId }.map(\.key)
            for t in mine { s.sessions[t] = nil }
            return mine.count
        }
    }
}
