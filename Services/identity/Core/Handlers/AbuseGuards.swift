import Contracts
import FoundationEssentials
import Glibc
import Runtime
import Synchronization

/// What `health` shows of the SMS budget: the last count of codes to new numbers
/// and, once the fund-wide budget was found spent, until when. In memory: the
/// counts themselves are in `sms_sends`; this is the last view of them.
final class SmsBudgetMonitor: Sendable {
    private struct State {
        var newLastHour = 0
        var spentUntil: Date?
    }
    private let state = Mutex(State())
    let perHour: Int

    init(perHour: Int) { self.perHour = perHour }

    func observed(newLastHour: Int) { state.withLock { $0.newLastHour = newLastHour } }

    func spent(until: Date, newLastHour: Int) {
        state.withLock {
            $0.spentUntil = until
            $0.newLastHour = newLastHour
        }
    }

    func health(now: Date) -> SmsBudgetHealth {
        state.withLock { s in
            let spent = s.spentUntil.map { $0 > now } ?? false
            return SmsBudgetHealth(
                newNumbersLastHour: s.newLastHour, newNumbersPerHour: perHour, spent: spent,
                spentUntil: spent ? s.spentUntil?.rfc3339 : nil)
        }
    }
}

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
