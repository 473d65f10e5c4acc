import Contracts
import FoundationEssentials

/// What the user list shows: a filter, an order, a page. The export uses the
/// same value without the page, so it contains exactly what the admin sees.
public struct UserListQuery: Sendable, Equatable {
    public typealias Sort = UserSort

    public static let defaultLimit = 50
    public static let maxLimit = 500

    public var employer: String
    public var words: [String]
    public var includeDisabled: Bool
    public var sort: Sort
    public var offset: Int
    /// nil: every row (exports).
    public var limit: Int?
    /// When delegations' end dates are judged (the service's clock; nil: the system's).
    public var now: Date?

    public init(
        employer: String, words: [String] = [], includeDisabled: Bool = false,
        sort: Sort = .displayName, offset: Int = 0, limit: Int? = defaultLimit
    ) {
        self.employer = employer
        self.words = words
        self.includeDisabled = includeDisabled
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }

    /// Validates the request's raw values (each bad one named by its field).
    public static func parse(
        employer: String, text: String?, includeDisabled: Bool?, sort: UserSort?,
        offset: Int?, limit: Int?, paged: Bool = true
    ) throws -> UserListQuery {
        let page = try Paging.parse(offset: offset, limit: limit)
        guard SearchFolding.acceptable(text) else { throw AdminError.badField("text") }
        return UserListQuery(
            employer: employer, words: SearchFolding.words(text),
            includeDisabled: includeDisabled ?? false, sort: sort ?? .displayName,
            offset: paged ? page.offset : 0, limit: paged ? page.limit : nil)
    }
}

/// offset/limit of every paged list: limit defaults to 50, at most 500.
public enum Paging {
    public static func parse(offset: Int?, limit: Int?) throws -> (offset: Int, limit: Int) {
        let o = offset ?? 0
        let l = limit ?? UserListQuery.defaultLimit
        guard o >= 0 else { throw AdminError.badField("offset") }
        guard (1...UserListQuery.maxLimit).contains(l) else { throw AdminError.badField("limit") }
        return (o, l)
    }
}
