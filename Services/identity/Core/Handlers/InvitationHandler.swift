import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// `identity.invitation.issue` (admin, for fund staff): a new access code.
struct InvitationHandler: Sendable {
    let store: IdentityStore
    let clock: Clock
    let secrets: SecretHasher
    let codes: CodeFormat
    /// How long an access code stays valid (`IDENTITY_ACCESS_CODE_TTL`).
    let validFor: TimeInterval
    let logger: Logger

    func register(on router: Router) {
        router.on(InvitationIssue.self) { [self] _, body in try issue(body) }
    }

    func issue(_ body: InvitationIssue.Body) throws -> InvitationIssue.Reply {
        let number = body.employerNumber.trimmed(.spaces)
        let name = body.employerName.trimmed(.spacesAndNewlines)
        guard !number.isEmpty, number.count <= 40 else { throw ServiceError.badRequest("employerNumber") }
        guard !name.isEmpty, name.count <= 200 else { throw ServiceError.badRequest("employerName") }
        let now = clock.now()
        let code = codes.generate()
        let expires = now + validFor
        let id = Identifier.make("ac")
        try store.db.write { conn in
            try store.insertAccessCode(
                conn, id: id, hash: secrets.hash(code, purpose: "access"),
                employerNumber: number, employerName: name, now: now, expiresAt: expires)
            if let language = body.language { try store.setAccessCodeLanguage(conn, id: id, language: language) }
        }
        logger.info("invitation.issued", ["accessCodeId": .string(id), "employer": .string(number)])
        return InvitationIssue.Reply(accessCode: codes.grouped(code), expiresAt: expires.rfc3339)
    }
}
