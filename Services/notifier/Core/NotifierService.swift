import Shared

/// Builds the notifier service: its database, its handlers, its background parts.
public enum NotifierService {
    public static let migrations: [Migration] = [MessageOutbox.migration, Inbox.migration]

    public static func build(_ setup: ServiceSetup) throws -> [Service] {
        _ = try setup.openDatabase(migrations: migrations)
        return []
    }
}
