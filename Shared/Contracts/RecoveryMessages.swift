import Wire

/// Messages that keep the services' copies consistent after a restore.

/// identity: its account ids, a page at a time in id order (`after` the last one
/// seen). Admin compares them with its users after any restore (`AccountReconciler`).
public enum AccountsList: Message {
    public static let type = "identity.accounts.list"
    public static let access = Access.peers([.admin])
    public struct Body: Codable, Sendable {
        public var after: String?
        /// 1…5000, default 1000
        public var limit: Int?
        public init(after: String? = nil, limit: Int? = nil) {
            self.after = after
            self.limit = limit
        }
    }
    public struct Reply: Codable, Sendable, Equatable {
        public var accountIds: [String]
        /// The `after` of the next page; absent on the last.
        public var next: String?
        public init(accountIds: [String], next: String?) {
            self.accountIds = accountIds
            self.next = next
        }
    }
}
