import Contracts
import FoundationEssentials
import Messaging
import Runtime
import Server
import Wire

/// Fund staff's messages (the router lets only `CONNECT_STAFF_UIDS` through):
/// create an employer, invite its first administrator, list employers.
struct EmployerHandlers: AdminHandler {
    let rt: AdminRuntime

    func register(on router: Router) {
        router.on(EmployerCreate.self) { [self] ctx, body in try create(ctx, body) }
        router.on(EmployerInvite.self) { [self] ctx, body in try invite(ctx, body) }
        router.on(EmployerList.self) { _, body in
            let page = try Paging.parse(offset: body.offset, limit: body.limit)
            let r = try store.employers(words: SearchFolding.words(body.text), offset: page.offset, limit: page.limit)
            return EmployerList.Reply(total: r.total, employers: r.rows)
        }
    }

    func create(_ ctx: RequestContext, _ b: EmployerCreate.Body) throws -> EmployerCreate.Reply {
        guard let number = EmployerNumber(b.number) else { throw AdminError.invalidEmployerNumber }
        func text(_ v: String, _ field: String, max: Int) throws -> String {
            let t = v.trimmed(.spacesAndNewlines)
            guard !t.isEmpty, t.count <= max, PostalLine.valid(t) else { throw AdminError.badField(field) }
            return t
        }
        // Each becomes a line of the invitation letter's address (the notifier's limit).
        let e = EmployerRecord(
            number: number.value, name: try text(b.name, "name", max: PostalLine.maxLength),
            street: try text(b.street, "street", max: PostalLine.maxLength),
            postcode: try text(b.postcode, "postcode", max: 20),
            city: try text(b.city, "city", max: 100), language: b.language)
        guard PostalLine.valid("\(e.postcode) \(e.city)") else { throw AdminError.badField("city") }
        let staff = Caller.staff(ctx.peer)
        let now = clock.now()
        try store.db.write { conn in
            guard try store.employer(conn, e.number) == nil else { throw AdminError.employerExists }
            try store.insertEmployer(conn, e, now: now)
            try store.appendAudit(
                conn,
                AuditRecord(
                    employer: e.number, actorId: staff.accountId, actor: staff.email, action: .employerCreate,
                    targetId: e.number, target: "\(e.number) \(e.name)", before: nil,
                    after: .object([
                        "name": .string(e.name), "street": .string(e.street), "postcode": .string(e.postcode),
                        "city": .string(e.city), "language": .string(e.language.rawValue),
                    ])), at: now)
        }
        ctx.logger.info("employer.created", ["employer": .string(e.number)])
        return EmployerCreate.Reply(
            employer: EmployerSummary(
                number: e.number, name: e.name, street: e.street,
                postcode: e.postcode, city: e.city,
                language: e.language, status: .notInvited))
    }

    /// Identity issues the code (synchronously: the letter needs it); then one
    /// admin transaction records the invitation (never the code), the audit entry
    /// and the letter or e-mail for the notifier. If identity fails, nothing is
    /// written here; if this transaction fails after identity answered, the code
    /// simply goes unused and the next invitation revokes it.
    func invite(_ ctx: RequestContext, _ b: EmployerInvite.Body) throws -> EmployerInvite.Reply {
        guard let number = EmployerNumber(b.number) else { throw AdminError.invalidEmployerNumber }
        guard let employer = try store.employer(number.value) else { throw AdminError.unknownEmployer }
        let channel: Channel
        var email: String?
        switch b.delivery {
        case .letter: channel = .letter
        case .email:
            channel = .email
            guard let e = b.email.flatMap(EmailAddress.normalize) else { throw AdminError.emailRequired }
            email = e
        }
        let issued = try identity.call(
            InvitationIssue.self,
            InvitationIssue.Body(
                employerNumber: employer.number, employerName: employer.name, language: employer.language),
            lang: ctx.lang)
        guard let expires = Date(rfc3339: issued.expiresAt) else {
            throw ServiceError(.internal, detail: "identity's expiresAt is not RFC 3339")
        }
        let staff = Caller.staff(ctx.peer)
        let now = clock.now()
        let id = Identifier.make("inv")
        try store.db.write { conn in
            try store.insertInvitation(
                conn, id: id, employer: employer.number, delivery: channel, email: email,
                expiresAt: expires, now: now)
            var after: [String: JSONValue] = [
                "delivery": .string(channel.rawValue), "expiresAt": .string(issued.expiresAt),
            ]
            if let email { after["email"] = .string(email) }
            try store.appendAudit(
                conn,
                AuditRecord(
                    employer: employer.number, actorId: staff.accountId, actor: staff.email, action: .employerInvite,
                    targetId: employer.number, target: "\(employer.number) \(employer.name)", before: nil,
                    after: .object(after)), at: now)
            let send = NotifierSend.Body(
                idempotencyKey: id, channel: channel, to: email ?? employer.postalAddress, language: employer.language,
                template: TemplateName.invitation,
                params: ["code": issued.accessCode, "employerName": employer.name, "employerNumber": employer.number],
                validUntil: issued.expiresAt)
            try MessageOutbox.enqueue(conn, send, now: now, relay: relay)
        }
        ctx.logger.info(
            "employer.invited",
            [
                "employer": .string(employer.number), "delivery": .string(channel.rawValue),
                "notification": .string(id),
            ])
        return EmployerInvite.Reply(expiresAt: issued.expiresAt, notification: id)
    }
}
