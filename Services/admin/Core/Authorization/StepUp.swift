import Contracts
import FoundationEssentials
import Runtime
import Wire

/// Step-up for sensitive actions (creating a user, granting the connect-admin
/// right, changing another person's phone, granting a delegation): the admin
/// must have proved their password within `ADMIN_STEP_UP_SECONDS` (default 600),
/// as identity reports it in `session.verify`'s `reauthenticatedAt` (a login
/// counts; `identity.session.reauth` renews it). Otherwise `reauth_required`.
public enum StepUp {
    /// Whether a proof at `provedAt` is recent enough at `now`.
    public static func satisfied(provedAt: Date?, now: Date, window: TimeInterval) -> Bool {
        guard let provedAt else { return false }
        // A proof "from the future" beyond a little clock skew is not trusted.
        return provedAt <= now + 60 && now.timeIntervalSince(provedAt) <= window
    }
}

/// The step-up check as a handler holds it: the clock, the window, the log.
struct StepUpGate: Sendable {
    let clock: Clock
    let window: TimeInterval
    let logger: Logger

    func require(_ caller: Caller, action: StepUpAction) throws {
        guard StepUp.satisfied(provedAt: caller.reauthenticatedAt, now: clock.now(), window: window) else {
            logger.info("step_up.required", ["account": .string(caller.accountId), "action": .string(action.rawValue)])
            throw ServiceError(
                .reauthRequired, messageKey: .reauthRequiredStepUp,
                extras: ["withinS": .number(window)])
        }
    }
}

extension AdminRuntime {
    var stepUp: StepUpGate { StepUpGate(clock: clock, window: stepUpSeconds, logger: logger) }

    func requireStepUp(_ caller: Caller, action: StepUpAction) throws {
        try stepUp.require(caller, action: action)
    }
}
