import Contracts
import FoundationEssentials
import Runtime
import Server
import Wire

/// `notifier.send`: the body is checked against the templates, then the message
/// joins the next group commit; its idempotency key makes a resend the same message.
struct SendHandler: Sendable {
    let catalog: TemplateCatalog
    let committer: GroupCommit

    func register(on router: Router) {
        router.on(NotifierSend.self) { [self] _, body in try send(body) }
    }

    func send(_ body: NotifierSend.Body) throws -> NotifierSend.Reply {
        let message = try SendValidation.validate(body, catalog: catalog)
        switch try committer.submit(message) {
        case .accepted(let id, let status):
            return NotifierSend.Reply(messageId: id, status: status.rawValue)
        case .rateLimited(let seconds):
            throw ServiceError(
                .rateLimited, messageKey: .rateLimitedSms,
                extras: ["retryAfterS": .number(Double(seconds))])
        case .keyReused(let id):
            throw ServiceError(
                .conflict, field: "idempotencyKey", messageKey: .conflictIdempotencyKey,
                extras: ["messageId": .string(id)])
        }
    }
}

/// `notifier.status` (what became of one message) and `notifier.templates` (what can be sent).
struct StatusHandlers: Sendable {
    let store: MessageStore
    let catalog: TemplateCatalog

    func register(on router: Router) {
        router.on(NotifierStatus.self) { [self] _, body in try status(body) }
        router.on(NotifierTemplates.self) { [self] _, _ in NotifierTemplates.Reply(templates: catalog.descriptions) }
    }

    func status(_ body: NotifierStatus.Body) throws -> NotifierStatus.Reply {
        guard let s = try store.status(of: body.messageId) else { throw ServiceError(.notFound) }
        return NotifierStatus.Reply(status: s.status, attempts: s.attempts, lastError: s.lastError)
    }
}
