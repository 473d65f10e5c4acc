import Contracts
import FoundationEssentials
import Runtime
import SQLite
import Wire

/// Who did what to whom, with the values before and after: appended in the same
/// transaction as the change it records. There is no method to change or remove
/// an entry, and the table's triggers refuse UPDATE and DELETE outright.
public struct AuditRecord: Sendable {
    public var employer: String?
    public var actorId: String
    /// The actor's e-mail, or "staff (uid 1000)" for fund staff.
    public var actor: String
    public var action: AuditAction
    public var targetId: String?
    public var target: String
    public var before: JSONValue?
    public var after: JSONValue?

    public init(
        employer: String?, actorId: String, actor: String, action: AuditAction, targetId: String?,
        target: String, before: JSONValue?, after: JSONValue?
    ) {
        self.employer = employer
        self.actorId = actorId
        self.actor = actor
        self.action = action
        self.targetId = targetId
        self.target = target
        self.before = before
        self.after = after
    }

    /// What an employer's connect administrator did at that employer.
    init(
        by admin: EmployerAdmin, action: AuditAction, targetId: String?, target: String, before: JSONValue?,
        after: JSONValue?
    ) {
        self.init(
            employer: admin.employer.number, actorId: admin.caller.accountId, actor: admin.caller.email,
            action: action, targetId: targetId, target: target, before: before, after: after)
    }
}

extension AdminStore {
    public func appendAudit(_ conn: Connection, _ r: AuditRecord, at: Date) throws {
        func json(_ v: JSONValue?) throws -> String? { try v.map { try JSONCoding.encodeString($0) } }
        try conn.execute(
            """
            INSERT INTO audit (at, employer, actor_id, actor, action, target_id, target, before, after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, at, r.employer, r.actorId, r.actor, r.action.rawValue, r.targetId, r.target, try json(r.before),
            try json(r.after))
    }

    /// One employer's trail, newest first: entries whose actor or target contains
    /// `person` (case ignored) and of `action` when given; `limit` nil: all of them.
    public func audit(
        employer: String, person: String? = nil, action: String? = nil, offset: Int = 0,
        limit: Int?
    ) throws -> (total: Int, entries: [AuditEntry]) {
        var clause = "employer = ?"
        var args: [SQLBindable] = [employer]
        if let person = person?.trimmed(.spaces), !person.isEmpty {
            // instr on lower(): no LIKE wildcards to escape in what the person typed.
            clause += " AND (instr(lower(actor), lower(?)) > 0 OR instr(lower(target), lower(?)) > 0)"
            args += [person, person]
        }
        if let action, !action.isEmpty {
            clause += " AND action = ?"
            args.append(action)
        }
        return try db.read { conn in
            let total = try conn.query("SELECT count(*) FROM audit WHERE \(clause)", arguments: args).first?[0].int ?? 0
            let rows = try conn.query(
                "SELECT * FROM audit WHERE \(clause) ORDER BY id DESC LIMIT ? OFFSET ?",
                arguments: args + [limit ?? -1, offset])
            return (
                total,
                try rows.map { row in
                    func json(_ name: String) throws -> JSONValue? {
                        try row.optionalString(name).flatMap {
                            try? JSONCoding.decoder.decode(JSONValue.self, from: Data($0.utf8))
                        }
                    }
                    return try AuditEntry(
                        at: (row.date("at") ?? Date(timeIntervalSince1970: 0)).rfc3339,
                        actor: row.string("actor"), action: row.decode("action"),
                        target: row.string("target"), before: json("before"), after: json("after"))
                }
            )
        }
    }

    /// The actions one employer's trail holds, for the screen's filter.
    public func auditActions(employer: String) throws -> [String] {
        try db.read { conn in
            try conn.query("SELECT DISTINCT action FROM audit WHERE employer = ? ORDER BY action", employer)
                .map { try $0.string("action") }
        }
    }
}
