import Contracts
import FoundationEssentials
import Runtime
import Text
import Wire

/// Turns a stored message into what its outbox sends: the template of its
/// channel and language filled with its params and the fund's settings, then the
/// e-mail composed or the letter laid out.
public struct MessageRenderer: Sendable {
    public let catalog: TemplateCatalog
    public let fund: FundSettings
    public let composer: EmailComposer
    public let clock: Clock

    public init(catalog: TemplateCatalog, fund: FundSettings, from: String, clock: Clock = SystemClock()) {
        self.catalog = catalog
        self.fund = fund
        self.composer = EmailComposer(from: from)
        self.clock = clock
    }

    /// Placeholders made from the params: `codeInLink` is `code` as a link carries
    /// it, without the spaces of its groups (`{{registrationUrl}}/activate?code={{codeInLink}}`).
    public static let derivedPlaceholders: Set<String> = ["codeInLink"]

    /// Params, then the fund's settings (which a sender cannot override), then the derived ones.
    func values(_ params: [String: String]) -> [String: String] {
        var values = params.merging(fund.placeholders) { _, fund in fund }
        if let code = params["code"] {
            values["codeInLink"] = code.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*") }
        }
        return values
    }

    public func render(
        id: String, channel: Channel, to: String, language: Language, template: String,
        params: [String: String]
    ) throws -> RenderedMessage {
        guard let file = catalog.file(template, channel: channel, language: language) else {
            throw DeliveryError.permanent("no template \(template) for \(channel.rawValue) in \(language.rawValue)")
        }
        let values = values(params)
        do {
            switch channel {
            case .sms:
                return RenderedMessage(
                    messageId: id, channel: .sms, to: to, text: try Placeholders.fill(file.body, values))
            case .email:
                let subject = try Placeholders.fill(file.headers["Subject"] ?? "", values)
                let text = try Placeholders.fill(file.body, values)
                // The senders' params are marked inert: only the template's own text and
                // the fund's settings (portal and registration links) may become links.
                let escaped = try Placeholders.fill(
                    Markup.escape(file.body), self.values(EmailComposer.inert(params)),
                    escape: Markup.escape)
                let html = EmailComposer.html(fromEscapedText: escaped, title: Markup.escape(subject))
                let eml = composer.compose(
                    messageId: id, to: to, subject: subject, text: text, html: html,
                    date: clock.now())
                return RenderedMessage(
                    messageId: id, channel: .email, to: to, subject: subject, text: text,
                    html: html, email: eml)
            case .letter:
                let letter = try InvitationLetter(
                    file: file, values: values, fund: fund,
                    address: PostalAddress.lines(to), language: language,
                    date: clock.now())
                return RenderedMessage(
                    messageId: id, channel: .letter, to: to, subject: letter.title,
                    text: letter.plainText, pdf: try letter.pdf())
            }
        } catch let missing as Placeholders.Missing {
            throw DeliveryError.permanent(missing.description)
        }
    }

    public func render(_ m: ClaimedMessage) throws -> RenderedMessage {
        try render(id: m.id, channel: m.channel, to: m.to, language: m.language, template: m.template, params: m.params)
    }
}
