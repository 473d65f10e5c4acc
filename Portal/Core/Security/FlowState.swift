import Foundation
import Wire

/// What the portal remembers between two pages, carried sealed in the browser's
/// state cookie (never in a URL): the registration or login under way, the
/// chosen mandant and language, the person's name for the page header, and a
/// one-time message for the next page.
public struct FlowState: Codable, Sendable, Equatable {
    /// Binds anonymous anti-forgery tokens to this browser.
    public var nonce: String = Sealer.randomNonce()
    public var lang: Language?
    // Registration (steps 1–4).
    public var registrationId: String?
    public var employerName: String?
    public var registrationStep: String?
    public var registrationEmail: String?
    public var smsSentAt: Double?
    public var maskedPhone: String?
    /// The number as typed, to resend to it (sealed like the rest).
    public var phone: String?
    /// The e-mail already has an account: log in, then attach this registration.
    public var attachRegistration: String?
    // Login.
    public var challengeId: String?
    public var challengeNext: String?
    public var resetEmail: String?
    // Signed in.
    public var mandant: String?
    public var displayName: String?
    public var email: String?
    public var flash: String?
    /// "Nouveau" under way (guide steps 7–14).
    public var newUser: NewUserDraft?
    /// The user whose new phone awaits its SMS code on `Editer` (the number is in `phone`).
    public var phoneChange: String?
    /// How many mandants `admin.me` last listed: the header offers the switch when more than one.
    public var mandantCount: Int?
    /// Whether the person is a connect administrator of `mandant` (set with it from `admin.me`; the ⋮ menu's audit entry).
    public var isAdmin: Bool?

    public init() {}

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    func sealed(by sealer: Sealer) -> String {
        sealer.seal(Array((try? Self.encoder.encode(self)) ?? Data()))
    }

    static func open(_ cookie: String?, sealer: Sealer) -> FlowState? {
        guard let cookie, Cookies.isSafeValue(cookie), let plain = sealer.open(cookie) else { return nil }
        return try? JSONDecoder().decode(FlowState.self, from: Data(plain))
    }

    /// Forgets a finished or abandoned flow (keeps language and nonce).
    mutating func endFlows() {
        registrationId = nil
        employerName = nil
        registrationStep = nil
        registrationEmail = nil
        smsSentAt = nil
        maskedPhone = nil
        phone = nil
        challengeId = nil
        challengeNext = nil
        resetEmail = nil
    }
}

/// The new user an admin is entering, between the pages of "Saisir l'utilisateur".
public struct NewUserDraft: Codable, Sendable, Equatable {
    public var email: String
    public var firstName = ""
    public var lastName = ""
    public var language: Language?
    /// Set once admin created the user (variant 1, SMS sent).
    public var userId: String?
    public var phoneConfirmed = false
    public init(email: String) { self.email = email }
}
