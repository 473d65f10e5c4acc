import IdentityCore
import Contracts
import ServiceKit

// Wiring only: the service's parts are built in IdentityCore.
ServiceMain.run(service: ServiceName.identity) { setup in
    try IdentityService.build(setup)
}
