import Contracts
import FoundationEssentials
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
