import FoundationEssentials
import Runtime
import Wire

/// Wrong guesses of the codes people type (access, activation, reset, e-mail
/// change): each is logged as a security event, and wrong access codes spend a
/// service-wide budget.
struct CodeGuesses: Sendable {
    let budget: CodeGuessBudget
    let logger: Logger

    /// Refuses access-code submissions while the budget of wrong guesses is spent.
    /// Only access codes use it: activation and reset codes die after a few tries
    /// each, and a shared budget would let anyone block every user's code.
    func checkBudget(_ now: Date) throws {
        if let wait = budget.retryAfter(now: now) {
            throw ServiceError(.rateLimited, extras: ["retryAfterS": .number(Double(wait))])
        }
    }

    /// Logs a wrong guess as a security event; a wrong access code also spends the budget.
    func failed(kind: String, now: Date, _ fields: [String: JSONValue] = [:]) {
        if kind == "access" { budget.recordFailure(now: now) }
        var f = fields
        f["kind"] = .string(kind)
        logger.warning("security.invalid_code", f)
    }
}
