import Foundation
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

extension AdminRuntime {
    func requireStepUp(_ caller: Caller, action: String) throws {
        guard StepUp.satisfied(provedAt: caller.reauthenticatedAt, now: clock.now(), window: stepUpSeconds) else {
            logger.info("step_up.required", ["account": .string(caller.accountId), "action": .string(action)])
            throw ServiceError(.reauthRequired, messageKey: "reauth_required.step_up",
                               extras: ["withinS": .number(stepUpSeconds)])
        }
    }
}
