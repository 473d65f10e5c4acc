/// Where an account stands (AccountInfo.state on the wire).
public enum AccountState: String, Sendable, Codable {
    /// Can log in once it has a password (and enrols a phone at first login if none).
    case active
    /// Variant 1: created by an admin with a phone, until the admin confirms the SMS code.
    case pendingPhone
    /// Variant 2: created by an admin without phone, until the first password is set.
    case invited
}
