import FoundationEssentials
import Glibc
import Runtime
import Synchronization

/// `forgot` for addresses without an account writes a row (as a known address
/// does, so timing tells nothing), at most `perMinute` a minute service-wide:
/// random addresses must not buy an fsync each. Past it, the request writes
/// nothing and waits as long as such a write has lately taken.
final class ForgotThrottle: Sendable {
    private struct State {
        var writes: [Double] = []
        var typicalWrite = 0.002
    }
    private let state = Mutex(State())
    let perMinute: Int

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Takes one place for a write of an unknown address, or false when the minute's are taken.
    func takeWrite() -> Bool {
        let now = monotonicSeconds()
        return state.withLock { s in
            s.writes.removeAll { $0 <= now - 60 }
            guard s.writes.count < perMinute else { return false }
            s.writes.append(now)
            return true
        }
    }

    /// Remembers how long a `forgot` write took (a moving average).
    func wrote(seconds: Double) {
        state.withLock { $0.typicalWrite = 0.8 * $0.typicalWrite + 0.2 * min(seconds, 1) }
    }

    /// Waits as long as a write lately took, instead of writing.
    func imitateWrite() {
        let wait = state.withLock { $0.typicalWrite }
        usleep(useconds_t(wait * 1_000_000))
    }
}
