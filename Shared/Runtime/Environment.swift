import FoundationEssentials
import Glibc
import Wire

/// A configuration value that cannot be used. Start-up prints it as one line
/// (`identity: CONNECT_RUN_DIR: …`) and exits 2.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let problem: String
    public init(_ name: String, _ problem: String) {
        self.name = name
        self.problem = problem
    }
    public var description: String { "\(name): \(problem)" }
}

/// Reads typed settings from the environment, with defaults that run on a laptop.
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    public func string(_ name: String, default fallback: String) -> String {
        guard let v = values[name], !v.isEmpty else { return fallback }
        return v
    }

    public func optionalString(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    public func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = optionalString(name) else { return fallback }
        guard let v = Int(raw.trimmed(.spaces)) else {
            throw ConfigError(name, "'\(raw)' is not a whole number")
        }
        guard range.contains(v) else {
            throw ConfigError(name, "\(v) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// Seconds, as a whole number (`900`) or with a unit (`15m`, `24h`, `30s`, `90d`).
    public func seconds(_ name: String, default fallback: TimeInterval, atMost: TimeInterval) throws -> TimeInterval {
        let v = try seconds(name, default: fallback)
        guard v <= atMost else { throw ConfigError(name, "\(v) s is over the limit of \(atMost) s") }
        return v
    }

    /// Ten years: longer than any setting means (the longest, code and retention periods, are months).
    public static let longestDuration: TimeInterval = 10 * 365 * 86400

    public func seconds(_ name: String, default fallback: TimeInterval) throws -> TimeInterval {
        guard let raw = optionalString(name)?.trimmed(.spaces) else { return fallback }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var number = raw
        var factor = 1.0
        if let last = raw.last, let f = units[last] {
            number = String(raw.dropLast())
            factor = f
        }
        guard let v = Double(number), v > 0, v.isFinite else {
            throw ConfigError(name, "'\(raw)' is not a duration (e.g. 900, 15m, 24h)")
        }
        // Every duration is bounded here, once: a value such as 1e20 s would pass as a
        // number and trap later where a timeout becomes an Int (socket options, poll).
        guard v * factor <= Self.longestDuration else {
            throw ConfigError(name, "'\(raw)' is longer than \(Int(Self.longestDuration / 86400)) days")
        }
        return v * factor
    }

    public func bool(_ name: String, default fallback: Bool) throws -> Bool {
        guard let raw = optionalString(name)?.lowercased() else { return fallback }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(name, "'\(raw)' is not true or false")
        }
    }

    /// A comma-separated list of uids; the default is the uid the process runs as.
    public func uids(_ name: String) throws -> Set<UInt32> {
        guard let raw = optionalString(name) else { return [getuid()] }
        var out = Set<UInt32>()
        for part in raw.split(separator: ",") {
            let t = part.trimmed(.spaces)
            guard let v = UInt32(t) else { throw ConfigError(name, "'\(t)' is not a uid") }
            out.insert(v)
        }
        return out
    }
}

/// The settings every service shares (docs/architecture.md: socket and file layout).
public struct CommonConfig: Sendable {
    public let service: String
    public let runDir: String
    public let dataDir: String
    public let staffUIDs: Set<UInt32>
    public let serviceUIDs: Set<UInt32>
    /// Per sending service: `CONNECT_<SERVICE>_UIDS`, else `CONNECT_SERVICE_UIDS`, else own uid.
    public let peerUIDs: [ServicePeer: Set<UInt32>]
    /// Peers whose uids came from the `CONNECT_SERVICE_UIDS` fallback (start-up warns).
    public let peersFromFallback: [ServicePeer]
    public let logLevel: LogLevel
    public let maxConnections: Int
    public let idleTimeout: TimeInterval
    /// Open connections one peer uid may hold (default: half of `maxConnections`).
    public let maxConnectionsPerUID: Int
    /// Once a request line has begun, all of it must arrive within this.
    public let lineTimeout: TimeInterval
    /// `CONNECT_REPLICATED=1`: Litestream replicates the data directory and owns the
    /// checkpoints (the service makes none of its own, autocheckpoint off).
    public let replicated: Bool

    public init(service: String, environment env: Environment) throws {
        self.service = service
        runDir = env.string("CONNECT_RUN_DIR", default: "./.connect/run")
        dataDir = env.string("CONNECT_DATA_DIR", default: "./.connect/data")
        staffUIDs = try env.uids("CONNECT_STAFF_UIDS")
        let shared = env.optionalString("CONNECT_SERVICE_UIDS") == nil ? nil : try env.uids("CONNECT_SERVICE_UIDS")
        var peers: [ServicePeer: Set<UInt32>] = [:]
        var fallback: [ServicePeer] = []
        for peer in ServicePeer.allCases {
            if env.optionalString(peer.uidVariable) != nil {
                peers[peer] = try env.uids(peer.uidVariable)
            } else if let shared {
                peers[peer] = shared
                if peer.rawValue != service { fallback.append(peer) }
            } else {
                peers[peer] = [getuid()]
            }
        }
        peerUIDs = peers
        peersFromFallback = fallback
        serviceUIDs = shared ?? peers.values.reduce(into: Set<UInt32>()) { $0.formUnion($1) }
        let level = env.string("CONNECT_LOG_LEVEL", default: "info")
        guard let l = LogLevel(name: level) else {
            throw ConfigError("CONNECT_LOG_LEVEL", "'\(level)' is not debug, info, warning or error")
        }
        logLevel = l
        maxConnections = try env.int("CONNECT_MAX_CONNECTIONS", default: 4096, range: 1...65536)
        idleTimeout = try env.seconds("CONNECT_IDLE_TIMEOUT", default: 300)
        maxConnectionsPerUID = try env.int(
            "CONNECT_MAX_CONNECTIONS_PER_UID", default: max(1, maxConnections / 2),
            range: 1...65536)
        lineTimeout = try env.seconds("CONNECT_LINE_TIMEOUT", default: 10)
        replicated = try env.bool("CONNECT_REPLICATED", default: false)
    }

    public func socketPath(of service: String) -> String { "\(runDir)/\(service).sock" }
    public var socketPath: String { socketPath(of: service) }
    public var databasePath: String { "\(dataDir)/\(service).sqlite" }
}
