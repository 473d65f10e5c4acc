import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Shared

/// `http:<url>`: POSTs the message as JSON to a gateway, with the bearer token and
/// `Idempotency-Key: <messageId>` (so a gateway can drop the repeat of a delivery
/// whose outcome we could not record). Any 2xx is success; 408, 429, 5xx,
/// timeouts and broken connections are tried again; other 4xx are permanent.
public final class HTTPOutbox: Outbox, @unchecked Sendable {
    public let url: URL
    private let token: String?
    private let timeout: TimeInterval
    private let session: URLSession
    public var kind: String { "http:\(url.absoluteString)" }
    public var maxDuration: TimeInterval { timeout + 1 }

    public init(url: URL, token: String?, timeout: TimeInterval) {
        self.url = url
        self.token = token
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 8
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
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
            [Attachment(filename: "\(m.messageId).pdf", contentType: "application/pdf",
                        contentBase64: $0.base64EncodedString())]
        }
        return try JSONCoding.encode(Payload(messageId: m.messageId, channel: m.channel.rawValue, to: m.to,
                                             subject: m.subject, text: m.text, html: m.html,
                                             attachments: attachments))
    }

    public func deliver(_ message: RenderedMessage) throws {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(message.messageId, forHTTPHeaderField: "Idempotency-Key")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        do {
            request.httpBody = try Self.payload(message)
        } catch {
            throw DeliveryError.permanent("cannot encode the message: \(error)")
        }
        final class Box: @unchecked Sendable { var status: Int?; var error: Error? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { _, response, error in
            box.status = (response as? HTTPURLResponse)?.statusCode
            box.error = error
            done.signal()
        }
        task.resume()
        // URLSession's own timeout should fire first; this bounds a stuck transfer.
        if done.wait(timeout: .now() + timeout + 0.5) == .timedOut {
            task.cancel()
            throw DeliveryError.retryable("gateway did not answer within \(Int(timeout)) s")
        }
        if let error = box.error {
            throw DeliveryError.retryable("gateway unreachable: \(error.localizedDescription)")
        }
        guard let status = box.status else { throw DeliveryError.retryable("gateway gave no HTTP status") }
        switch status {
        case 200..<300: return
        case 408, 429, 500..<600: throw DeliveryError.retryable("gateway answered HTTP \(status)")
        default: throw DeliveryError.permanent("gateway answered HTTP \(status)")
        }
    }
}
