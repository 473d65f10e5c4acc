import CSodium
import Dispatch
import FoundationEssentials
import Glibc
import Runtime
import Synchronization

/// Argon2id password hashes through libsodium's `crypto_pwhash_str`, which embeds
/// the algorithm, parameters and salt in the stored string, so a change of
/// parameters is seen per hash (`needsRehash`) and applied at the next login.
public struct PasswordHasher: Sendable {
    /// OWASP's argon2id recommendation: m = 19 MiB, t = 2, p = 1 (libsodium uses p = 1).
    public static let owaspMemoryKiB = 19 * 1024
    public static let owaspOps = 2

    public let memoryKiB: Int
    public let ops: Int
    /// A hash of a random password, verified against when the account is unknown
    /// or has no password, so those answers cost the same time as a real check.
    private let dummy: String
    /// Bounds how many argon2id computations run at once: each takes `memoryKiB`,
    /// so unbounded concurrent logins (even for unknown e-mails) would exhaust memory.
    public let gate: Argon2Gate

    public static var defaultConcurrency: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    public init(memoryKiB: Int = owaspMemoryKiB, ops: Int = owaspOps, concurrency: Int = defaultConcurrency) throws {
        Sodium.ensureInitialized()
        self.memoryKiB = memoryKiB
        self.ops = ops
        self.gate = Argon2Gate(limit: concurrency)
        self.dummy = try Self.makeHash(Identifier.randomHex(16), memoryKiB: memoryKiB, ops: ops)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public func hash(_ password: String) throws -> String {
        try gate.run { try Self.makeHash(password, memoryKiB: memoryKiB, ops: ops) }
    }

    private static func makeHash(_ password: String, memoryKiB: Int, ops: Int) throws -> String {
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
        // The String bridges to a NUL-terminated buffer; the length passed is what counts.
        let rc = crypto_pwhash_str_alg(
            &out, password, UInt64(password.utf8.count), UInt64(ops),
            memoryKiB * 1024, crypto_pwhash_alg_argon2id13())
        guard rc == 0 else { throw Failure(description: "argon2id hashing failed (out of memory?)") }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func verify(_ password: String, hash stored: String) -> Bool {
        gate.run { crypto_pwhash_str_verify(stored, password, UInt64(password.utf8.count)) == 0 }
    }

    /// Spends the time of a real verification and always fails.
    public func verifyDummy(_ password: String) {
        _ = verify(password, hash: dummy)
    }

    /// Whether a stored hash was made with other parameters (or algorithm) than today's.
    public func needsRehash(_ stored: String) -> Bool {
        crypto_pwhash_str_needs_rehash(stored, UInt64(ops), memoryKiB * 1024) != 0
    }
}

/// A counting semaphore around argon2id work; also counts the most computations
/// seen running at once (`peak`, for tests and logs).
public final class Argon2Gate: Sendable {
    public let limit: Int
    private let semaphore: DispatchSemaphore
    private struct Count {
        var running = 0
        var highest = 0
    }
    private let count = Mutex(Count())

    public init(limit: Int) {
        self.limit = max(1, limit)
        semaphore = DispatchSemaphore(value: self.limit)
    }

    public var peak: Int {
        count.withLock { $0.highest }
    }

    func run<T>(_ work: () throws -> T) rethrows -> T {
        semaphore.wait()
        count.withLock { c in
            c.running += 1
            c.highest = max(c.highest, c.running)
        }
        defer {
            count.withLock { $0.running -= 1 }
            semaphore.signal()
        }
        return try work()
    }
}
