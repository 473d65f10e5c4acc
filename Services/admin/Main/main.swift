import AdminCore
import Contracts
import ServiceKit

// Wiring only: the service's parts are built in AdminCore.
ServiceMain.run(service: ServiceName.admin, messages: AdminService.messages) { setup in
    try AdminService.build(setup)
}
