import FoundationEssentials
import Glibc
import Wire

/// What a service checks before it opens any file: its data and run directories
/// exist, are directories and can be written to, and its socket's path fits a
/// Unix socket address. Each failure is one `ConfigError` naming the variable
/// (`CONNECT_DATA_DIR`, `CONNECT_RUN_DIR`), so start-up prints one line and exits 2
/// before any migration.
public enum StartupChecks {
    /// `sun_path` holds 108 bytes with its terminating NUL.
    public static let maxSocketPathBytes = 107

    /// A missing directory is created (mode 0700) when it can be; when it cannot,
    /// that is the one line.
    public static func check(_ config: CommonConfig) throws {
        try directory(config.dataDir, variable: "CONNECT_DATA_DIR", create: true)
        try directory(config.runDir, variable: "CONNECT_RUN_DIR", create: true)
        try socketPath(config.socketPath, pid: getpid())
    }

    public static func directory(_ path: String, variable: String, create: Bool) throws {
        var st = stat()
        if stat(path, &st) != 0 {
            let e = errno
            guard e == ENOENT, create else {
                throw ConfigError(
                    variable, "\(path) " + (e == ENOENT ? "does not exist" : "cannot be read (\(describe(e)))"))
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw ConfigError(variable, "\(path) does not exist and cannot be created (\(reason(error)))")
            }
            return try directory(path, variable: variable, create: false)
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw ConfigError(variable, "\(path) is not a directory")
        }
        try probeWritable(path, variable: variable)
    }

    /// Creates and removes a file: `access(W_OK)` says yes to root on any mode and
    /// knows nothing of read-only mounts.
    public static func probeWritable(_ path: String, variable: String) throws {
        let probe = "\(path)/.write-probe.\(getpid())"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigError(variable, "\(path) is not writable (\(describe(errno)))")
        }
        close(fd)
        unlink(probe)
    }

    /// The socket is bound under a temporary name first (`.<name>.<pid>` beside it),
    /// so that name must fit too.
    public static func socketPath(_ path: String, pid: Int32) throws {
        let parts = PathParts(path)
        let temp = "\(parts.directory.isEmpty ? "." : parts.directory)/.\(parts.name).\(pid)"
        let longest = max(path.utf8.count, temp.utf8.count)
        guard longest <= maxSocketPathBytes else {
            throw ConfigError(
                "CONNECT_RUN_DIR",
                "the socket path \(path) needs \(longest) bytes (with its temporary "
                    + "name), over the \(maxSocketPathBytes) a Unix socket allows: choose a shorter directory")
        }
    }

    static func describe(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// Why a FileManager call failed, as the system says it ("Permission denied").
    public static func reason(_ error: Error) -> String {
        ((error as? CocoaError)?.underlying as? POSIXError).map { describe($0.code.rawValue) }
            ?? String(describing: error)
    }
}

/// One owner per data directory: an exclusive `flock` on `<data dir>/<service>.lock`,
/// held until the process exits (the kernel drops it with the process, even after
/// `kill -9`), so a second copy of a service can never open the same database.
/// Because the holder is the only owner, claims left by earlier processes (leases,
/// messages in flight) can be released the moment it starts.
public struct DataDirectoryLock: Sendable {
    public let path: String
    /// Kept open (never closed) for the life of the process; close-on-exec, so a
    /// child (a sendmail program) never inherits the lock.
    let descriptor: Int32

    /// Exit 2 with one line when another process holds it (naming the directory
    /// and that process's pid, which the holder writes into the file).
    public static func acquire(service: String, dataDir: String) throws -> DataDirectoryLock {
        let path = "\(dataDir)/\(service).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ConfigError("CONNECT_DATA_DIR", "cannot open the lock \(path) (\(StartupChecks.describe(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let e = errno
            let holder = readPid(fd)
            close(fd)
            guard e == EWOULDBLOCK else {
                throw ConfigError("CONNECT_DATA_DIR", "cannot lock \(path) (\(StartupChecks.describe(e)))")
            }
            throw ConfigError(
                "CONNECT_DATA_DIR",
                "\(dataDir) is in use by another \(service) (pid "
                    + "\(holder.map(String.init) ?? "unknown"), holding \(path)); stop it first")
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return DataDirectoryLock(path: path, descriptor: fd)
    }

    static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<n], as: UTF8.self).trimmed(.spacesAndNewlines))
    }
}
