import FoundationEssentials
import SQLite
import Wire

/// The tables of the abuse limits (issue 18): who each SMS went to and for whom,
/// wrong SMS codes per account, the last failure (so lockouts decay alike for
/// accounts and unknown e-mails), the employer of an account and of an access
/// code, and reset codes several at a time, each with its own count of wrong tries.
enum HardeningSchema {
    static let migration = Migration(
        4, "abuse_limits",
        sql: """
            ALTER TABLE accounts ADD COLUMN last_failed_at REAL;
            UPDATE accounts SET last_failed_at = updated_at WHERE failed_logins > 0 OR lockouts > 0;
            ALTER TABLE accounts ADD COLUMN sms_failures INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE accounts ADD COLUMN employer_number TEXT;
            ALTER TABLE access_codes ADD COLUMN employer_language TEXT;
            ALTER TABLE sms_sends ADD COLUMN account_id TEXT;
            ALTER TABLE sms_sends ADD COLUMN employer_number TEXT;
            ALTER TABLE sms_sends ADD COLUMN new_number INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX sms_sends_account ON sms_sends(account_id, sent_at);
            CREATE INDEX sms_sends_new ON sms_sends(new_number, sent_at);
            CREATE INDEX accounts_phone ON accounts(phone);
            CREATE TABLE reset_codes_many (
                account_id TEXT NOT NULL REFERENCES accounts(id),
                selector_hash BLOB,
                code_hash BLOB NOT NULL,
                expires_at REAL NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at REAL NOT NULL
            );
            INSERT INTO reset_codes_many (account_id, selector_hash, code_hash, expires_at, attempts, created_at)
                SELECT account_id, NULL, code_hash, expires_at, attempts, created_at FROM reset_codes;
            DROP TABLE reset_codes;
            ALTER TABLE reset_codes_many RENAME TO reset_codes;
            CREATE INDEX reset_codes_account ON reset_codes(account_id, code_hash);
            CREATE TABLE reset_sends (
                address_hash BLOB PRIMARY KEY,
                sent_at REAL NOT NULL
            );
            """)
}

/// Which SMS sends count for one more code (`SmsBudget`).
struct SmsSendScope {
    var accountId: String?
    var employerNumber: String?
}

extension IdentityStore {
    // MARK: SMS budget

    func smsWindow(_ conn: Connection, _ whereSQL: String, _ args: [SQLBindable], now: Date) throws
        -> SmsBudget.HourWindow
    {
        let row = try conn.query(
            "SELECT count(*) AS n, min(sent_at) AS oldest FROM sms_sends WHERE \(whereSQL) AND sent_at > ?",
            arguments: args + [now - 3600]
        ).first
        return try SmsBudget.HourWindow(count: row?.int("n") ?? 0, oldest: row?.date("oldest"))
    }

    /// Whether some account has confirmed this number (its second factor).
    func isConfirmedNumber(_ conn: Connection, _ e164: String) throws -> Bool {
        try conn.queryOne("SELECT 1 AS one FROM accounts WHERE phone = ? LIMIT 1", e164) != nil
    }

    func smsUsage(_ conn: Connection, phone: String, scope: SmsSendScope, now: Date) throws -> SmsBudget.Usage {
        let isNew = try !isConfirmedNumber(conn, phone)
        return SmsBudget.Usage(
            account: try scope.accountId.map { try smsWindow(conn, "account_id = ?", [$0], now: now) },
            employerNew: try scope.employerNumber.map {
                try smsWindow(conn, "new_number = 1 AND employer_number = ?", [$0], now: now)
            },
            fundNew: try smsWindow(conn, "new_number = 1", [], now: now), isNewNumber: isNew)
    }

    /// Labels the send `putSmsCode` just recorded.
    func labelLastSmsSend(_ conn: Connection, scope: SmsSendScope, isNew: Bool) throws {
        try conn.execute(
            "UPDATE sms_sends SET account_id = ?, employer_number = ?, new_number = ? WHERE rowid = last_insert_rowid()",
            scope.accountId, scope.employerNumber, isNew)
    }

    // MARK: wrong SMS codes per account

    func smsFailures(_ conn: Connection, accountId: String) throws -> Int {
        try conn.scalar("SELECT sms_failures FROM accounts WHERE id = ?", accountId).int ?? 0
    }

    func setSmsFailures(_ conn: Connection, accountId: String, _ n: Int) throws {
        try conn.execute("UPDATE accounts SET sms_failures = ? WHERE id = ?", n, accountId)
    }

    // MARK: employers

    func setAccountEmployer(_ conn: Connection, accountId: String, employerNumber: String) throws {
        try conn.execute(
            "UPDATE accounts SET employer_number = coalesce(employer_number, ?) WHERE id = ?",
            employerNumber, accountId)
    }

    func accountEmployer(_ conn: Connection, accountId: String) throws -> String? {
        try conn.queryOne("SELECT employer_number FROM accounts WHERE id = ?", accountId)?.optionalString(
            "employer_number")
    }

    func setAccessCodeLanguage(_ conn: Connection, id: String, language: Language) throws {
        try conn.execute("UPDATE access_codes SET employer_language = ? WHERE id = ?", language.rawValue, id)
    }

    func accessCodeLanguage(_ conn: Connection, id: String) throws -> Language? {
        try conn.queryOne("SELECT employer_language FROM access_codes WHERE id = ?", id)?
            .optionalDecode("employer_language", as: Language.self)
    }

    // MARK: old proofs

    /// Ends what proved the old password or address: reset codes and open login challenges (and their SMS codes).
    func endProofs(_ conn: Connection, accountId: String, now: Date) throws {
        try conn.execute("DELETE FROM reset_codes WHERE account_id = ?", accountId)
        try conn.execute(
            """
            DELETE FROM sms_codes WHERE purpose = 'login' AND subject_id IN
                (SELECT id FROM login_challenges WHERE account_id = ? AND completed_at IS NULL)
            """, accountId)
        try conn.execute(
            "UPDATE login_challenges SET expires_at = ? WHERE account_id = ? AND completed_at IS NULL AND expires_at > ?",
            now, accountId, now)
    }
}
