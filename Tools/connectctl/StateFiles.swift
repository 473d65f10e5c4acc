import Contracts
import Foundation
import Wire

/// connectctl's saved state: the session (mode 0600) and the step a registration
/// or login stopped at, so that a script can resume it with the next flags.
struct StateFiles {
    struct Session: Codable {
        var session: String
        var accountId: String
        var expiresAt: String
        var employer: String?
    }

    struct Pending: Codable {
        var registrationId: String?
        var registrationStage: String?
        var challengeId: String?
        var challengeNext: LoginNext?
        /// The language chosen in the registration's account form (connectctl's
        /// messages follow it when neither --lang nor the locale names one).
        var language: Language?
    }

    let sessionPath: String
    let pendingPath: String

    init(environment env: [String: String]) {
        let home = env["HOME"] ?? NSHomeDirectory()
        let config = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.config"
        sessionPath = env["CONNECT_SESSION_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(config)/connect/session.json"
        pendingPath = (sessionPath as NSString).deletingPathExtension + ".pending.json"
    }

    func loadSession() -> Session? { load(sessionPath) }
    func saveSession(_ s: Session) throws { try save(s, to: sessionPath) }
    func clearSession() { unlink(sessionPath) }

    func loadPending() -> Pending { load(pendingPath) ?? Pending() }
    func savePending(_ p: Pending) throws { try save(p, to: pendingPath) }

    private func load<T: Decodable>(_ path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(T.self, from: data)
    }

    /// Written to a temp file of mode 0600, then renamed: never readable by others.
    private func save<T: Encodable>(_ value: T, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let temp = path + ".tmp"
        let data = try JSONEncoder().encode(value)
        guard FileManager.default.createFile(atPath: temp, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw CLIError.failed("cannot write \(temp)")
        }
        chmod(temp, 0o600)
        guard rename(temp, path) == 0 else { throw CLIError.failed("cannot write \(path)") }
    }
}
