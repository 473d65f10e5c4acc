import Foundation
import Runtime

/// The portal's settings, from the environment (Portal/README.md lists them).
public struct PortalConfig: Sendable {
    public enum Listen: Sendable, Equatable {
        case tcp(host: String, port: UInt16)
        case unix(path: String)
    }

    public var listen: Listen
    public var publicURL: String
    public var runDir: String
    public var cookieKeyFile: String
    public var trustedProxies: TrustedProxies
    public var threads: Int
    public var rateBurst: Int
    public var ratePerMinute: Int
    public var passwordMinLength: Int
    public var smsResendSeconds: Int
    public var logLevel: LogLevel
    /// The fund's name and support line in the footer (the guide's department, phone,
    /// hours), its colour and logo.
    public var branding: Branding
    public var fundName: String { branding.fundName }
    public var supportLine: String { branding.supportLine }
    public var newsDirectory: String?

    public init(environment env: Environment) throws {
        listen = try Self.parseListen(env.string("PORTAL_LISTEN", default: "127.0.0.1:8080"))
        publicURL = env.string("CONNECT_PORTAL_URL", default: "http://127.0.0.1:8080")
        guard let u = URLComponents(string: publicURL), let scheme = u.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = u.host, !host.isEmpty
        else {
            throw ConfigError(
                "CONNECT_PORTAL_URL", "'\(publicURL)' is not an http(s) address like https://connect.fund.ch")
        }
        while publicURL.hasSuffix("/") { publicURL.removeLast() }
        runDir = env.string("CONNECT_RUN_DIR", default: "./.connect/run")
        cookieKeyFile = env.string("PORTAL_COOKIE_KEY_FILE", default: "\(runDir)/portal-cookie.key")
        trustedProxies = TrustedProxies(
            (env.optionalString("PORTAL_TRUSTED_PROXIES") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        threads = try env.int("PORTAL_THREADS", default: 8, range: 1...256)
        rateBurst = try env.int("PORTAL_RATE_BURST", default: 30, range: 1...100_000)
        ratePerMinute = try env.int("PORTAL_RATE_PER_MINUTE", default: 30, range: 1...100_000)
        passwordMinLength = try env.int("IDENTITY_PASSWORD_MIN_LENGTH", default: 8, range: 1...128)
        smsResendSeconds = Int(try env.seconds("IDENTITY_SMS_RESEND_INTERVAL", default: 30))
        let level = env.string("CONNECT_LOG_LEVEL", default: "info")
        guard let l = LogLevel(name: level) else {
            throw ConfigError("CONNECT_LOG_LEVEL", "'\(level)' is not debug, info, warning or error")
        }
        logLevel = l
        branding = try Branding(environment: env)
        newsDirectory = env.optionalString("PORTAL_NEWS_DIR")
    }

    public static func parseListen(_ raw: String) throws -> Listen {
        if raw.hasPrefix("unix:") {
            let path = String(raw.dropFirst(5))
            guard !path.isEmpty, path.utf8.count < 100 else {
                throw ConfigError("PORTAL_LISTEN", "'\(raw)': the socket path is empty or too long")
            }
            return .unix(path: path)
        }
        var host = ""
        var portText = ""
        if raw.hasPrefix("["), let close = raw.firstIndex(of: "]") {
            host = String(raw[raw.index(after: raw.startIndex)..<close])
            portText = String(raw[raw.index(after: close)...]).replacingOccurrences(of: ":", with: "")
        } else if let colon = raw.lastIndex(of: ":") {
            host = String(raw[..<colon])
            portText = String(raw[raw.index(after: colon)...])
        }
        guard !host.isEmpty, let port = UInt16(portText) else {
            throw ConfigError("PORTAL_LISTEN", "'\(raw)' is not host:port (127.0.0.1:8080) or unix:/path")
        }
        return .tcp(host: host, port: port)
    }
}
