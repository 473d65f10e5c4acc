import Client
import Contracts
import Foundation
import Wire

/// The three services, found through CONNECT_RUN_DIR like every other client.
/// The portal sends each call in the page's language, so refusals come back in it.
public struct TrioClients: Sendable {
    let identity: ServiceClient
    let admin: ServiceClient

    public init(runDir: String, timeout: TimeInterval = 15) {
        identity = ServiceClient(socketPath: "\(runDir)/\(ServiceName.identity).sock", timeout: timeout, maxIdle: 32)
        admin = ServiceClient(socketPath: "\(runDir)/\(ServiceName.admin).sock", timeout: timeout, maxIdle: 32)
    }
}

/// A refusal as the page shows it: the service's own sentence (already in the
/// request's language) and the field it belongs beside.
public struct Refusal: Sendable, Equatable {
    public var code: ErrorCode
    public var field: String?
    public var message: String

    public init(_ e: ServiceError, lang: Language) {
        code = e.code
        field = e.field
        if e.code == .accountLocked, case .string(let until)? = e.extras["lockedUntil"] {
            message = Texts.get("login.locked", lang, ["time": SwissTime.format(until, lang)])
        } else {
            message = e.message(lang)
        }
    }

    public init(code: ErrorCode, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

/// Times as a person in Switzerland reads them: "17.10.2026 14:05" in Europe/Zurich.
public enum SwissTime {
    public static func format(_ rfc3339: String, _ lang: Language) -> String {
        guard let date = Date(rfc3339: rfc3339) else { return rfc3339 }
        return format(date)
    }

    public static func format(_ date: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Zurich") ?? TimeZone(secondsFromGMT: 3600)!
        let p = c.dateComponents([.day, .month, .year, .hour, .minute], from: date)
        return String(
            format: "%02d.%02d.%04d %02d:%02d", p.day ?? 0, p.month ?? 0, p.year ?? 0, p.hour ?? 0, p.minute ?? 0)
    }
}
