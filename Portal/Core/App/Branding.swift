import Client
import Contracts
import Foundation
import Runtime
import Wire

/// How a fund brands the portal, read once at start: its name and support line in
/// every page's footer, its logo in the header, its colour for links, buttons and
/// the brand. A bad value stops start-up naming the variable (exit 2).
public struct Branding: Sendable, Equatable {
    public var fundName = "connect"
    public var supportLine = ""
    /// `#rrggbb`, lower case; nil: the portal's own blue.
    public var colour: String?
    public var logo: Logo?

    /// An image served from `/static/logo.<ext>`.
    public struct Logo: Sendable, Equatable {
        public let type: String
        public let ext: String
        public let bytes: [UInt8]
    }

    /// White text on the colour (buttons) and the colour on white (links) must both
    /// be read: WCAG 2.1 AA's 4.5:1 for normal text.
    public static let minimumContrast = 4.5
    public static let maximumLogoBytes = 256 * 1024

    public init() {}

    public init(environment env: Environment) throws {
        fundName = try Self.line(
            "PORTAL_FUND_NAME",
            env.string("PORTAL_FUND_NAME", default: env.string("NOTIFIER_FUND_NAME", default: "connect")),
            maximum: 120)
        guard !fundName.isEmpty else {
            throw ConfigError("PORTAL_FUND_NAME", "is blank: the fund's name, e.g. Caisse de compensation")
        }
        supportLine = try Self.line("PORTAL_SUPPORT_LINE", env.string("PORTAL_SUPPORT_LINE", default: ""), maximum: 300)
        colour = try env.optionalString("PORTAL_BRAND_COLOUR").map(Self.colour)
        logo = try env.optionalString("PORTAL_LOGO_FILE").map(Self.logo)
    }

    /// One line of text for the footer: no control characters, not too long.
    static func line(_ name: String, _ raw: String, maximum: Int) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ConfigError(name, "contains a line break or another control character: one line of text")
        }
        guard text.count <= maximum else { throw ConfigError(name, "\(text.count) characters, at most \(maximum)") }
        return text
    }

    /// `#rrggbb` dark enough to carry white text and to be read on white.
    static func colour(_ raw: String) throws -> String {
        let hex = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard hex.count == 7, hex.first == "#", hex.dropFirst().allSatisfy(\.isHexDigit) else {
            throw ConfigError("PORTAL_BRAND_COLOUR", "'\(raw)' is not a colour written #rrggbb (e.g. #005a9c)")
        }
        let ratio = contrastWithWhite(hex)
        guard ratio >= minimumContrast else {
            throw ConfigError(
                "PORTAL_BRAND_COLOUR",
                String(
                    format:
                        "'%@' has a contrast of %.1f:1 with white; links and buttons need %.1f:1 (WCAG 2.1 AA): choose a darker shade",
                    raw, ratio, minimumContrast))
        }
        return hex
    }

    /// WCAG's contrast ratio of `#rrggbb` against white: (1 + 0.05) / (L + 0.05).
    static func contrastWithWhite(_ hex: String) -> Double {
        let value = Int(hex.dropFirst(), radix: 16) ?? 0
        func linear(_ shift: Int) -> Double {
            let c = Double((value >> shift) & 0xFF) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let luminance = 0.2126 * linear(16) + 0.7152 * linear(8) + 0.0722 * linear(0)
        return 1.05 / (luminance + 0.05)
    }

    /// A PNG, JPEG or WebP file, known by its first bytes. SVG is refused: served from
    /// the portal's origin, an SVG opened on its own could run script.
    static func logo(_ path: String) throws -> Logo {
        let name = "PORTAL_LOGO_FILE"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(name, "cannot read '\(path)' (missing, or not readable by the portal's uid)")
        }
        guard !data.isEmpty, data.count <= maximumLogoBytes else {
            throw ConfigError(name, "'\(path)' has \(data.count) bytes; a logo has 1 to \(maximumLogoBytes / 1024) KiB")
        }
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            return Logo(type: "image/png", ext: "png", bytes: bytes)
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return Logo(type: "image/jpeg", ext: "jpg", bytes: bytes) }
        if bytes.count > 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            return Logo(type: "image/webp", ext: "webp", bytes: bytes)
        }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        if head.contains("<svg") || head.contains("<?xml") {
            throw ConfigError(name, "'\(path)' is SVG, which can carry script: give the logo as PNG (or JPEG, WebP)")
        }
        throw ConfigError(name, "'\(path)' is not a PNG, JPEG or WebP image")
    }
}
