import Foundation

extension InvitationLetter {
    /// Placeholder until the shared PDF writer lands (Shared/Documents).
    public func pdf() -> Data { Data(plainText.utf8) }
}
