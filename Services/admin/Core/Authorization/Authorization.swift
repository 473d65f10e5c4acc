import Client
import Contracts
import FoundationEssentials
import Server
import Sockets
import Wire

/// Who is asking. For end users: the account identity vouches for, checked on
/// every request (so a deactivated person's next request is refused, and no
/// session state lives in admin). For fund staff: the socket peer's uid.
public struct Caller: Sendable, Equatable {
    public var accountId: String
    public var email: String
    /// When the person last proved their password on this session (identity's
    /// `reauthenticatedAt`): the step-up for sensitive actions.
    public var reauthenticatedAt: Date? = nil

    static func staff(_ peer: PeerCredentials) -> Caller {
        Caller(accountId: "uid:\(peer.uid)", email: "staff (uid \(peer.uid))")
    }
}

/// A caller proven to be an active connect administrator of one employer, with
/// the membership that proves it (read once, with the employer).
public struct EmployerAdmin: Sendable {
    public var caller: Caller
    public var employer: EmployerRecord
    public var membership: Membership
}

struct Authorization: Sendable {
    let identity: ServiceClient
    let store: AdminStore

    /// `unauthenticated` without a session or with one identity does not know;
    /// `account_disabled` as identity says; `unavailable` when identity is away.
    func caller(_ context: RequestContext) throws -> Caller {
        let token = try context.requireSession()
        do {
            let r = try identity.call(SessionVerify.self, SessionVerify.Body(session: token), lang: context.lang)
            return Caller(
                accountId: r.accountId, email: r.email,
                reauthenticatedAt: r.reauthenticatedAt.flatMap { Date(rfc3339: $0) })
        } catch let e as ServiceError {
            switch e.code {
            case .unauthenticated, .accountDisabled, .unavailable:
                throw ServiceError(e.code, extras: e.extras)
            default:
                // Anything else means the session could not be checked: never let it through.
                context.logger.error("session.verify_failed", ["code": .string(e.code.rawValue)])
                throw ServiceError(.unavailable, detail: "session.verify: \(e.code.rawValue)")
            }
        }
    }

    /// The caller must hold the admin right in `employer`, in an active membership.
    /// An unknown employer answers `forbidden` too: its existence is none of a stranger's business.
    func employerAdmin(_ context: RequestContext, employer raw: String) throws -> EmployerAdmin {
        let caller = try caller(context)
        guard let number = EmployerNumber(raw) else { throw AdminError.badField("employer") }
        let found = try store.db.read { conn in
            (
                try store.membership(conn, employer: number.value, accountId: caller.accountId),
                try store.employer(conn, number.value)
            )
        }
        guard let m = found.0, m.isActiveAdmin, let employer = found.1 else { throw AdminError.notAdmin }
        return EmployerAdmin(caller: caller, employer: employer, membership: m)
    }
}
