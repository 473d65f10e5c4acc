import FoundationEssentials
import SQLite

/// What an SMS code is for; with the subject id it names the one live code.
public enum SmsPurpose: String, Sendable {
    /// Registration's SMS enrolment (subject: registration id).
    case registration
    /// Login's second factor or first-login enrolment (subject: login challenge id).
    case login
    /// Admin's variant 1 (subject: account id).
    case account
    /// A person's own phone change, to the new number (subject: account id).
    case profilePhone = "profile_phone"
}

public struct SmsCodeRecord: Sendable {
    public var phone: String
    public var codeHash: [UInt8]
    public var expiresAt: Date
    public var attempts: Int
}

extension IdentityStore {
    /// Stores the subject's live code (a resend replaces the previous code) and
    /// counts the sends of the subject in a window of an hour.
    public func putSmsCode(
        _ conn: Connection, purpose: SmsPurpose, subject: String, phone: String,
        hash: [UInt8], expiresAt: Date, now: Date
    ) throws {
        try conn.execute(
            """
            INSERT INTO sms_codes (purpose, subject_id, phone, code_hash, expires_at, attempts, sends, window_start)
            VALUES (?, ?, ?, ?, ?, 0, 1, ?)
            ON CONFLICT(purpose, subject_id) DO UPDATE SET phone = excluded.phone, code_hash = excluded.code_hash,
                expires_at = excluded.expires_at, attempts = 0,
                sends = CASE WHEN window_start > ? THEN sends + 1 ELSE 1 END,
                window_start = CASE WHEN window_start > ? THEN window_start ELSE excluded.window_start END
            """, purpose.rawValue, subject, phone, hash, expiresAt, now, now - 3600, now - 3600)
        try conn.execute("INSERT INTO sms_sends (phone, sent_at) VALUES (?, ?)", phone, now)
    }

    public func smsCode(_ conn: Connection, purpose: SmsPurpose, subject: String) throws -> SmsCodeRecord? {
        try conn.queryOne("SELECT * FROM sms_codes WHERE purpose = ? AND subject_id = ?", purpose.rawValue, subject)
            .map {
                try SmsCodeRecord(
                    phone: $0.string("phone"), codeHash: $0.bytes("code_hash"),
                    expiresAt: $0.date("expires_at") ?? .distantPast, attempts: $0.int("attempts"))
            }
    }

    /// How many codes the subject was sent in the window starting at `windowStart`.
    public func smsSendWindow(_ conn: Connection, purpose: SmsPurpose, subject: String) throws -> (
        sends: Int, start: Date
    )? {
        try conn.queryOne(
            "SELECT sends, window_start FROM sms_codes WHERE purpose = ? AND subject_id = ?",
            purpose.rawValue, subject
        )
        .map { try ($0.int("sends"), $0.date("window_start") ?? .distantPast) }
    }

    public func bumpSmsAttempts(_ conn: Connection, purpose: SmsPurpose, subject: String) throws {
        try conn.execute(
            "UPDATE sms_codes SET attempts = attempts + 1 WHERE purpose = ? AND subject_id = ?",
            purpose.rawValue, subject)
    }

    public func deleteSmsCode(_ conn: Connection, purpose: SmsPurpose, subject: String) throws {
        try conn.execute("DELETE FROM sms_codes WHERE purpose = ? AND subject_id = ?", purpose.rawValue, subject)
    }

    /// Times codes went to `phone` in the hour before `now`.
    public func recentSmsSends(_ conn: Connection, phone: String, now: Date) throws -> [Date] {
        try conn.query(
            "SELECT sent_at FROM sms_sends WHERE phone = ? AND sent_at > ? AND sent_at <= ?",
            phone, now.addingTimeInterval(-3600), now
        ).compactMap { try $0.date("sent_at") }
    }

    public func purgeSms(_ conn: Connection, now: Date) throws {
        try conn.execute("DELETE FROM sms_codes WHERE expires_at < ?", now.addingTimeInterval(-3600))
        try conn.execute("DELETE FROM sms_sends WHERE sent_at < ?", now.addingTimeInterval(-7200))
    }
}
