import Client
import Contracts

extension ServiceClient {
    /// Fund staff (on the admin socket) create the seed's employer, Modèle SA (1283.220, French),
    /// and send it the invitation letter whose access code starts the registration.
    public func inviteModeleSAByLetter() throws {
        _ = try call(
            EmployerCreate.self,
            .init(
                number: "1283.220", name: "Modèle SA", street: "Rue d'Exemple",
                postcode: "0000", city: "Ville modèle", language: .fr))
        _ = try call(EmployerInvite.self, .init(number: "1283.220", delivery: .letter))
    }
}
