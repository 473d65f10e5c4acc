import NotifierCore
import Contracts
import ServiceKit

// Wiring only: the service's parts are built in NotifierCore.
ServiceMain.run(service: ServiceName.notifier) { setup in
    try NotifierService.build(setup)
}
