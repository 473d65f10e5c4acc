import Contracts
import FoundationEssentials
import Messaging
import Runtime
import SQLite

extension NotifierSend.Body {
    /// An e-mail to an account's owner about one employer: in the owner's language and
    /// with their own first name (the consent request, a delegation granted).
    static func aboutEmployer(_ template: String, to account: AccountInfo, _ employer: EmployerRecord) -> Self {
        Self(
            idempotencyKey: Identifier.make("msg"), channel: .email, to: account.email, language: account.language,
            template: template,
            params: ["firstName": account.firstName, "employerName": employer.name, "employerNumber": employer.number])
    }
}

extension MessageOutbox {
    /// Queues a message to the notifier in the caller's transaction; its outbox id is its
    /// idempotency key, so a relay's retry is the same message to the notifier.
    static func enqueue(_ conn: Connection, _ send: NotifierSend.Body, now: Date, relay: OutboxRelay?) throws {
        try enqueue(
            conn, to: ServiceName.notifier, NotifierSend.self, send, id: send.idempotencyKey, now: now, relay: relay)
    }
}
