import Contracts
import FoundationEssentials
import Wire

extension MessageKey {
    static let badRequestTemplate = MessageKey("bad_request.template")
    static let badRequestChannel = MessageKey("bad_request.channel")
    static let rateLimitedSms = MessageKey("rate_limited.sms")
    static let conflictIdempotencyKey = MessageKey("conflict.idempotency_key")
}

/// The checks of a `notifier.send` body before it is accepted: the template
/// exists for the channel, every param it needs is there, `to` has the channel's
/// shape. Each failure is a `bad_request` naming the field.
public enum SendValidation {
    public static func validate(_ body: NotifierSend.Body, catalog: TemplateCatalog) throws -> NewMessage {
        let key = body.idempotencyKey.trimmed(.spaces)
        guard !key.isEmpty, key.utf8.count <= 200 else { throw field("idempotencyKey") }
        guard let spec = catalog.spec(body.template) else {
            throw ServiceError(.badRequest, field: "template", messageKey: .badRequestTemplate)
        }
        guard spec.channels.contains(body.channel) else {
            throw ServiceError(.badRequest, field: "channel", messageKey: .badRequestChannel)
        }
        for name in spec.params {
            // Every declared param must be there; only a code must also be non-blank
            // (an empty employer name reads oddly, a lost welcome e-mail is worse).
            guard let v = body.params[name], v.utf8.count <= Recipients.paramMaxBytes,
                !(MessageStore.secretParams.contains(name) && v.trimmed(.spaces).isEmpty)
            else { throw field("params.\(name)") }
        }
        let to = body.channel == .letter ? body.to : body.to.trimmed(.spaces)
        let valid: Bool
        switch body.channel {
        case .email: valid = EmailAddress.isValid(to)
        case .sms: valid = PhoneNumber.isE164(to)
        case .letter: valid = PostalAddress.isValid(to)
        }
        guard valid else { throw field("to") }
        if let until = body.validUntil, Date(rfc3339: until) == nil { throw field("validUntil") }
        // Only the declared params are kept: nothing unasked-for is stored.
        let params = body.params.filter { spec.params.contains($0.key) }
        return NewMessage(
            idempotencyKey: key, channel: body.channel, to: to, language: body.language,
            template: body.template, params: params, validUntil: body.validUntil)
    }

    private static func field(_ name: String) -> ServiceError {
        ServiceError(.badRequest, field: name, messageKey: .badRequestField)
    }

    /// The notifier's own error sentences.
    public static let catalogue: [MessageKey: ErrorCatalogue.Entry] = [
        .badRequestTemplate: (
            "Ce modèle de message n'existe pas.", "Diese Nachrichtenvorlage gibt es nicht.",
            "Questo modello di messaggio non esiste.", "This message template does not exist."
        ),
        .badRequestChannel: (
            "Ce modèle n'existe pas pour ce canal.", "Diese Vorlage gibt es für diesen Kanal nicht.",
            "Questo modello non esiste per questo canale.", "This template does not exist for this channel."
        ),
        .rateLimitedSms: (
            "Trop de SMS pour ce numéro. Réessayez dans {retryAfterS} secondes.",
            "Zu viele SMS an diese Nummer. Versuchen Sie es in {retryAfterS} Sekunden erneut.",
            "Troppi SMS per questo numero. Riprovi tra {retryAfterS} secondi.",
            "Too many SMS to this number. Try again in {retryAfterS} seconds."
        ),
        .conflictIdempotencyKey: (
            "Cette clé d'idempotence a déjà servi pour un autre message.",
            "Dieser Idempotenzschlüssel wurde schon für eine andere Nachricht verwendet.",
            "Questa chiave di idempotenza è già stata usata per un altro messaggio.",
            "This idempotency key was already used for a different message."
        ),
    ]
}
