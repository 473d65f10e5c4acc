import Contracts
import NotifierCore
import ServiceKit

// Wiring only: the service's parts are built in NotifierCore.
ServiceMain.run(service: ServiceName.notifier, messages: NotifierService.messages) { setup in
    try NotifierService.build(setup)
}
