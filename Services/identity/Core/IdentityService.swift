import Shared

/// Builds the identity service: its database, its handlers, its background parts.
public enum IdentityService {
    public static let migrations: [Migration] = [MessageOutbox.migration, Inbox.migration]

    public static func build(_ setup: ServiceSetup) throws -> [Service] {
        _ = try setup.openDatabase(migrations: migrations)
        return []
    }
}
