import Contracts
import FoundationEssentials

/// A message ready to leave: rendered text, and the channel's document (the
/// RFC 5322 e-mail, the letter's PDF).
public struct RenderedMessage: Sendable {
    public var messageId: String
    public var channel: Channel
    public var to: String
    public var subject: String?
    public var text: String
    public var html: String?
    /// The complete RFC 5322 message (e-mail).
    public var email: Data?
    /// The letter as a PDF.
    public var pdf: Data?

    public init(
        messageId: String, channel: Channel, to: String, subject: String? = nil, text: String,
        html: String? = nil, email: Data? = nil, pdf: Data? = nil
    ) {
        self.messageId = messageId
        self.channel = channel
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.email = email
        self.pdf = pdf
    }
}

/// Why a delivery did not happen: worth trying again later, or never.
public enum DeliveryError: Error, CustomStringConvertible, Equatable {
    case retryable(String)
    case permanent(String)

    public var description: String {
        switch self {
        case .retryable(let s): return s
        case .permanent(let s): return "permanent: " + s
        }
    }
}

/// Where a channel's messages go (like Kratos' courier channels): one call that
/// delivers or throws a `DeliveryError`. Deliveries must be idempotent per
/// `messageId`, since a crash between delivering and recording repeats them.
public protocol Outbox: Sendable {
    var kind: String { get }
    /// The longest one delivery may take (its timeout): a claim's lease must be longer.
    var maxDuration: TimeInterval { get }
    func deliver(_ message: RenderedMessage) throws
    /// True when delivering the same messageId again can never make a second
    /// copy (the file outbox): then outcomes may be recorded a batch at a time.
    var repeatsAreHarmless: Bool { get }
    /// Makes the deliveries since the last call durable (the file outbox fsyncs
    /// its directories once per batch rather than once per file).
    func flush() throws
}

extension Outbox {
    public var repeatsAreHarmless: Bool { false }
    public func flush() throws {}
}

public enum Outboxes {
    /// The outbox of each channel from the configuration.
    public static func make(_ config: NotifierConfig, warn: (String) -> Void = { _ in }) throws -> [Channel: Outbox] {
        let token = try OutboxChecks.token(config, warn: warn)
        try OutboxChecks.verify(config)
        if config.outboxes.values.contains(where: { if case .http = $0 { true } else { false } }) {
            try HTTPOutbox.loadClient(library: config.curlLibrary)
        }
        var out: [Channel: Outbox] = [:]
        for (channel, spec) in config.outboxes {
            switch spec {
            case .file(let dir):
                let outbox = FileOutbox(directory: dir)
                outbox.removeStaleTemporaries()
                out[channel] = outbox
            case .sendmail(let program):
                out[channel] = SendmailOutbox(command: program, timeout: config.sendmailTimeout)
            case .http(let url): out[channel] = HTTPOutbox(url: url, token: token, timeout: config.httpTimeout)
            }
        }
        return out
    }
}
