import Messaging
import Runtime
import Server

/// A part of admin that works with the runtime: it reads what it needs from it
/// (one place), instead of each part copying the same fields in its own init.
protocol RuntimeBacked: Sendable {
    var rt: AdminRuntime { get }
}

extension RuntimeBacked {
    var store: AdminStore { rt.store }
    /// Identity as the handlers call it (its misconfiguration answered as `unavailable`).
    var identity: any IdentityCalls { rt.identityPeer }
    var clock: Clock { rt.clock }
    var logger: Logger { rt.logger }
    var authorization: Authorization { rt.authorization }
    var catalogue: ThemeCatalogue { rt.catalogue }
    var stepUp: StepUpGate { rt.stepUp }
    var presenter: UserPresenter { rt.presenter }
    /// Woken after a transaction enqueued a message (e-mail, compensation).
    var relay: OutboxRelay? { rt.relay }
}

/// A group of admin's messages: built from the runtime, registered on the router.
protocol AdminHandler: RuntimeBacked {
    init(rt: AdminRuntime)
    func register(on router: Router)
}
