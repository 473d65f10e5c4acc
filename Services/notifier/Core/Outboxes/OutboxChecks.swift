import Contracts
import FoundationEssentials
import Glibc
import Runtime
import Wire

/// What start-up checks about the outboxes before the first message (issue 18,
/// "mistakes caught only at the first message"): each failure is one line naming
/// the variable, exit 2, as every other bad setting.
public enum OutboxChecks {
    /// The program of a `sendmail:` outbox runs, and the directory of a `file:`
    /// outbox can be written (it is made if missing).
    public static func verify(_ config: NotifierConfig) throws {
        for channel in Channel.allCases {
            guard let spec = config.outboxes[channel] else { continue }
            let setting = config.outboxSettings[channel] ?? "NOTIFIER_OUTBOX"
            switch spec {
            case .sendmail(let program):
                var isDir = false
                guard FileManager.default.fileExists(atPath: program[0], isDirectory: &isDir) else {
                    throw ConfigError(setting, "sendmail program '\(program[0])' does not exist")
                }
                guard !isDir, access(program[0], X_OK) == 0 else {
                    throw ConfigError(
                        setting, "sendmail program '\(program[0])' cannot be run (not an executable file)")
                }
            case .file(let directory):
                try writable(directory, setting: setting)
            case .http:
                break
            }
        }
    }

    /// Makes the directory if needed and writes (and removes) a probe file in it.
    static func writable(_ directory: String, setting: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigError(setting, "cannot create the outbox directory '\(directory)'")
        }
        try StartupChecks.probeWritable(directory, variable: setting)
    }

    /// The bearer token of `http:` outboxes: nil without `NOTIFIER_HTTP_TOKEN_FILE`
    /// (then `warn` says so when an `http:` outbox is configured: some gateways
    /// authenticate otherwise); an unreadable, empty, blank or multi-line file stops
    /// start-up; a file others may read is warned about, as identity warns about its key.
    public static func token(_ config: NotifierConfig, warn: (String) -> Void) throws -> String? {
        let hasHTTP = config.outboxes.values.contains { if case .http = $0 { true } else { false } }
        guard let file = config.httpTokenFile else {
            if hasHTTP { warn("an http: outbox without NOTIFIER_HTTP_TOKEN_FILE sends no Authorization header") }
            return nil
        }
        guard let raw = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigError("NOTIFIER_HTTP_TOKEN_FILE", "cannot read '\(file)'")
        }
        let token = raw.trimmed(.spacesAndNewlines)
        guard !token.isEmpty else {
            throw ConfigError(
                "NOTIFIER_HTTP_TOKEN_FILE",
                "'\(file)' is empty: the gateway would get 'Authorization: Bearer ' with nothing after it")
        }
        // It becomes a header line: a control character inside would break (or forge) headers.
        guard !token.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ConfigError("NOTIFIER_HTTP_TOKEN_FILE", "'\(file)' holds more than one line")
        }
        var st = stat()
        if stat(file, &st) == 0, st.st_mode & 0o077 != 0 {
            warn("the token file \(file) is readable by others; chmod 600 it")
        }
        return token
    }
}
