import Wire

/// Messages the notifier answers (docs/contract.md, "notifier").

public enum Channel: String, Codable, Sendable, CaseIterable {
    case email, sms, letter
}

/// The template names every sender uses; the notifier ships each in fr, de, it, en.
public enum TemplateName {
    /// Invitation with the access code (letter and e-mail). Params: code, employerName, employerNumber.
    public static let invitation = "invitation"
    /// Registration: the activation code by e-mail. Params: code.
    public static let emailActivation = "email_activation"
    /// SMS enrolment code (registration, admin's variant 1, first login). Params: code.
    public static let smsEnrolment = "sms_enrolment"
    /// SMS login code. Params: code.
    public static let smsLogin = "sms_login"
    /// Variant 2 welcome: link, "set your password with forgot password". Params: firstName, lastName, employerName.
    public static let welcomeInvited = "welcome_invited"
    /// Variant 1 new-user e-mail. Params: firstName, lastName, employerName.
    public static let welcomeActive = "welcome_active"
    /// Password reset code. Params: code.
    public static let passwordReset = "password_reset"
    /// Notice after a password change or reset. Params: firstName.
    public static let passwordChanged = "password_changed"
    /// Notice to a deactivated user. Params: firstName, employerName.
    public static let accountDeactivated = "account_deactivated"
}

/// `notifier.send`: accept one message durably. The same idempotency key always
/// gives the same message, delivered once. For letters, `to` is the postal
/// address, lines separated by "\n" (first line: the addressee).
public enum NotifierSend: Message {
    public static let type = "notifier.send"
    public static let access = Access.peers([.identity, .admin])
    public struct Body: Codable, Sendable, Equatable {
        public var idempotencyKey: String
        public var channel: Channel
        public var to: String
        public var language: Language
        public var template: String
        public var params: [String: String]
        /// RFC 3339: the code this message carries is valid until then. The notifier
        /// never delivers the message later; it is then `expired`, with the reason.
        public var validUntil: String?
        public init(
            idempotencyKey: String, channel: Channel, to: String, language: Language,
            template: String, params: [String: String], validUntil: String? = nil
        ) {
            self.idempotencyKey = idempotencyKey
            self.channel = channel
            self.to = to
            self.language = language
            self.template = template
            self.params = params
            self.validUntil = validUntil
        }
    }
    public struct Reply: Codable, Sendable, Equatable {
        public var messageId: String
        public var status: String
        public init(messageId: String, status: String) {
            self.messageId = messageId
            self.status = status
        }
    }
}

extension NotifierSend.Body {
    /// Params that are one-time codes: the notifier erases them once a message is final.
    public static let secretParams: Set<String> = ["code"]

    /// Someone is waiting for this message (an SMS, anything carrying a code): the
    /// senders' outboxes and the notifier's queue both send it before the rest.
    public var isAwaited: Bool {
        channel == .sms || params.keys.contains(where: Self.secretParams.contains)
    }
}

/// Where a message stands: `queued` (waiting for its first or next attempt),
/// `sending` (a worker holds it), `sent`, `failed` (refused for good, or out of
/// attempts), `expired` (the code it carries stopped being valid before it could
/// be delivered: never delivered late).
public enum MessageStatus: String, Codable, Sendable, CaseIterable {
    case queued, sending, sent, failed, expired
}

/// `notifier.status`: where a message stands.
public enum NotifierStatus: Message {
    public static let type = "notifier.status"
    public static let access = Access.peers([.identity, .admin])
    public struct Body: Codable, Sendable {
        public var messageId: String
        public init(messageId: String) { self.messageId = messageId }
    }
    public struct Reply: Codable, Sendable, Equatable {
        public var status: MessageStatus
        public var attempts: Int
        /// The last error, or why the message expired.
        public var lastError: String?
        public init(status: MessageStatus, attempts: Int, lastError: String?) {
            self.status = status
            self.attempts = attempts
            self.lastError = lastError
        }
    }
}

/// `notifier.templates`: what can be sent, in which channels and languages, with which params.
public enum NotifierTemplates: Message {
    public static let type = "notifier.templates"
    public static let access = Access.anyone
    public typealias Body = Empty
    public struct Template: Codable, Sendable, Equatable {
        public var name: String
        public var channels: [String]
        public var languages: [String]
        public var params: [String]
        public init(name: String, channels: [String], languages: [String], params: [String]) {
            self.name = name
            self.channels = channels
            self.languages = languages
            self.params = params
        }
    }
    public struct Reply: Codable, Sendable, Equatable {
        public var templates: [Template]
        public init(templates: [Template]) { self.templates = templates }
    }
}
