import Contracts
import IdentityCore
import ServiceKit

// Wiring only: the service's parts are built in IdentityCore.
ServiceMain.run(service: ServiceName.identity, messages: IdentityService.messages) { setup in
    try IdentityService.build(setup)
}
