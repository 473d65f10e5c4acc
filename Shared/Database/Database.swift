import CSQLite
import Dispatch
import FoundationEssentials
import Glibc

/// Owns one SQLite file: WAL mode, a busy timeout, foreign keys on, secure_delete
/// on (deleted rows are overwritten: payloads can hold one-time codes), and every use
/// of the connection on one serial queue. Work is a closure: `read` for queries,
/// `write` for a transaction that commits when the closure returns and rolls back
/// when it throws.
// @unchecked: the connection and `closed` are only touched on `queue` (see `perform`).
public final class Database: @unchecked Sendable {
    public enum Durability: String, Sendable {
        /// fsync at every commit: a reply sent after `write` survives power loss.
        case full = "FULL"
        /// fsync at checkpoints: survives a crash of the process, not of the machine.
        case normal = "NORMAL"
    }

    /// Who checkpoints the WAL. `.external`: a replicator (Litestream) reads the
    /// WAL and must own its checkpoints, so the database makes none of its own
    /// (no TRUNCATE after deliveries or at close, autocheckpoint off). Erased codes
    /// then leave the WAL at Litestream's next checkpoint, and the replica keeps
    /// them for its retention (docs/operations.md).
    public enum Checkpoints: Sendable { case own, external }

    public let path: String
    public let checkpoints: Checkpoints
    /// The connection's usual `PRAGMA synchronous`.
    public let durability: Durability
    private let connection: Connection
    private let queue: DispatchQueue
    private let onQueue = DispatchSpecificKey<Bool>()
    private var closed = false
    /// The ids of the migrations this start applied (for logs and tests).
    public let appliedMigrations: [Int]

    public init(
        path: String, migrations: [Migration], durability: Durability = .full,
        checkpoints: Checkpoints = .own
    ) throws {
        self.path = path
        self.checkpoints = checkpoints
        self.durability = durability
        let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if !dir.isEmpty {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        connection = try Connection(path: path)
        queue = DispatchQueue(label: "database:\(path.split(separator: "/").last.map(String.init) ?? path)")
        queue.setSpecific(key: onQueue, value: true)
        chmod(path, 0o600)
        try connection.executeScript(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA busy_timeout = 5000;
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = \(durability.rawValue);
            PRAGMA secure_delete = ON;
            """)
        if checkpoints == .external { try connection.executeScript("PRAGMA wal_autocheckpoint = 0") }
        appliedMigrations = try connection.migrate(migrations)
    }

    /// Runs `body` with the connection, outside any explicit transaction.
    @discardableResult
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        try perform(body)
    }

    /// Runs `body` in a transaction (BEGIN IMMEDIATE, so writers queue rather than
    /// fail on upgrade). A nested `write` joins the outer transaction. What the body
    /// registered with `Connection.afterCommit` runs after the commit, still in order
    /// and before `write` returns.
    ///
    /// `durability: .normal` skips the fsync for this one commit, for writes whose
    /// loss on power failure is harmless (deleting a delivered outbox row: the
    /// message is sent again and deduplicated). The next `.full` commit makes it
    /// durable too, since it syncs the whole WAL.
    @discardableResult
    public func write<T>(durability: Durability? = nil, _ body: (Connection) throws -> T) throws -> T {
        try perform { conn in
            if sqlite3_get_autocommit(conn.handle) == 0 { return try body(conn) }
            let relaxed = durability.map { $0 != self.durability } ?? false
            if relaxed, let durability { try conn.executeScript("PRAGMA synchronous = \(durability.rawValue)") }
            defer { if relaxed { try? conn.executeScript("PRAGMA synchronous = \(self.durability.rawValue)") } }
            try conn.executeScript("BEGIN IMMEDIATE")
            let result: T
            do {
                result = try body(conn)
                try conn.executeScript("COMMIT")
            } catch {
                try? conn.executeScript("ROLLBACK")
                _ = conn.takeCommitActions()
                throw error
            }
            for action in conn.takeCommitActions() { action() }
            return result
        }
    }

    private func perform<T>(_ body: (Connection) throws -> T) throws -> T {
        if DispatchQueue.getSpecific(key: onQueue) == true {
            return try body(connection)
        }
        return try queue.sync {
            guard !closed else {
                throw DatabaseError(resultCode: SQLITE_MISUSE, message: "database is closed")
            }
            return try body(connection)
        }
    }

    /// Checkpoints the WAL into the main file and truncates it, so deleted rows
    /// (with secure_delete on) leave no old page versions behind. Best effort: a
    /// busy reader only postpones it to the next call.
    public func truncateLog() {
        guard checkpoints == .own else { return }
        _ = try? read { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws -> String {
        try read { try $0.scalar("PRAGMA integrity_check").string ?? "" }
    }

    /// Closes the connection (checkpointing the WAL); later calls throw.
    public func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            if checkpoints == .own { try? connection.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
            connection.close()
        }
    }
}
