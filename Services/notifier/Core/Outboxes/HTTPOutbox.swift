import CHTTPPost
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// `http:<url>`: POSTs the message as JSON to a gateway, with the bearer token and
/// `Idempotency-Key: <messageId>` (so a gateway can drop the repeat of a delivery
/// whose outcome we could not record). Any 2xx is success; 408, 429, 5xx,
/// timeouts and broken connections are tried again; other 4xx (and 3xx: no
/// redirect is followed) are permanent.
///
/// The POST is libcurl's, loaded with dlopen() only when an `http:` outbox exists
/// (CHTTPPost): a notifier delivering to files or sendmail maps no HTTP or TLS
/// library, which FoundationNetworking would load at exec (issue 8: idle memory).
public final class HTTPOutbox: Outbox, Sendable {
    public let url: URL
    private let token: String?
    private let timeout: TimeInterval
    /// Scheme and host only: the URL's user, password, path and query may carry
    /// credentials (`https://user:pw@gw/sms?apikey=…`), and this goes to the log.
    public var kind: String { "http:\(url.scheme ?? "http")://\(url.host ?? "?")" + (url.port.map { ":\($0)" } ?? "") }
    public var maxDuration: TimeInterval { timeout + 1 }

    public init(url: URL, token: String?, timeout: TimeInterval) {
        self.url = url
        self.token = token
        self.timeout = timeout
    }

    /// Loads libcurl for the whole process (at start-up, so that a machine without
    /// it fails at once with a clear line rather than at the first delivery).
    public static func loadClient(library: String) throws {
        var error = [CChar](repeating: 0, count: 512)
        guard connect_http_load(library, &error, error.count) == 0 else {
            throw ConfigError(
                "NOTIFIER_CURL_LIBRARY",
                "an http: outbox needs libcurl (Debian: libcurl4): "
                    + text(error))
        }
    }

    struct Attachment: Encodable {
        let filename: String
        let contentType: String
        let contentBase64: String
    }

    struct Payload: Encodable {
        let messageId: String
        let channel: String
        let to: String
        let subject: String?
        let text: String
        let html: String?
        let attachments: [Attachment]?
    }

    static func payload(_ m: RenderedMessage) throws -> Data {
        let attachments = m.pdf.map {
            [
                Attachment(
                    filename: "\(m.messageId).pdf", contentType: "application/pdf",
                    contentBase64: $0.base64EncodedString())
            ]
        }
        return try JSONCoding.encode(
            Payload(
                messageId: m.messageId, channel: m.channel.rawValue, to: m.to,
                subject: m.subject, text: m.text, html: m.html,
                attachments: attachments))
    }

    public func deliver(_ message: RenderedMessage) throws {
        let body: Data
        do {
            body = try Self.payload(message)
        } catch {
            throw DeliveryError.permanent("cannot encode the message: \(error)")
        }
        var headers = ["Content-Type: application/json", "Idempotency-Key: \(message.messageId)"]
        if let token { headers.append("Authorization: Bearer \(token)") }
        let status = Self.post(
            url.absoluteString, headers: headers, body: body,
            timeoutMs: max(1, Int(timeout * 1000)))
        switch status {
        case .failure(let code, let text):
            switch code {
            case CONNECT_HTTP_TIMEOUT: throw DeliveryError.retryable("gateway did not answer within \(Int(timeout)) s")
            case CONNECT_HTTP_UNAVAILABLE: throw DeliveryError.retryable("cannot use libcurl: \(text)")
            default: throw DeliveryError.retryable("gateway unreachable: \(text)")
            }
        case .answer(200..<300): return
        case .answer(let code) where code == 408 || code == 429 || (500..<600).contains(code):
            throw DeliveryError.retryable("gateway answered HTTP \(code)")
        case .answer(let code): throw DeliveryError.permanent("gateway answered HTTP \(code)")
        }
    }

    enum Outcome: Equatable {
        case answer(Int)
        case failure(Int32, String)
    }

    /// One POST through CHTTPPost: the HTTP status, or why there was none.
    static func post(_ url: String, headers: [String], body: Data, timeoutMs: Int) -> Outcome {
        let lines = headers.map { strdup($0) }
        defer { for line in lines { free(line) } }
        let pointers = lines.map { UnsafePointer($0) }
        var error = [CChar](repeating: 0, count: 512)
        let code = body.withUnsafeBytes { raw in
            connect_http_post(
                url, pointers, pointers.count, raw.baseAddress, raw.count, timeoutMs,
                &error, error.count)
        }
        return code >= 100 ? .answer(Int(code)) : .failure(code, text(error))
    }

    /// A NUL-terminated C buffer as text.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
