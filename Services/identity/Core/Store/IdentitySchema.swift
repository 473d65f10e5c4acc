import Messaging
import SQLite

/// Identity's tables. Secrets appear only as keyed hashes (`*_hash` BLOBs) or
/// argon2id strings (`password_hash`); times are REAL seconds since 1970.
enum IdentitySchema {
    static let migrations: [Migration] = [
        MessageOutbox.migration, MessageOutbox.priorityMigration, MessageOutbox.refusedMigration, Inbox.migration,
        Migration(
            1, "identity_core",
            sql: """
                CREATE TABLE accounts (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    first_name TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    language TEXT NOT NULL,
                    password_hash TEXT,
                    phone TEXT,
                    pending_phone TEXT,
                    state TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    lockouts INTEGER NOT NULL DEFAULT 0,
                    locked_until REAL,
                    last_login_at REAL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE access_codes (
                    id TEXT PRIMARY KEY,
                    code_hash BLOB NOT NULL UNIQUE,
                    employer_number TEXT NOT NULL,
                    employer_name TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    used_at REAL,
                    used_by TEXT,
                    revoked_at REAL
                );
                CREATE INDEX access_codes_employer ON access_codes(employer_number);
                CREATE TABLE registrations (
                    id TEXT PRIMARY KEY,
                    access_code_id TEXT NOT NULL REFERENCES access_codes(id),
                    step TEXT NOT NULL,
                    language TEXT NOT NULL,
                    email TEXT,
                    activation_hash BLOB,
                    activation_expires_at REAL,
                    activation_attempts INTEGER NOT NULL DEFAULT 0,
                    activation_sends INTEGER NOT NULL DEFAULT 0,
                    existing_account_id TEXT,
                    first_name TEXT,
                    last_name TEXT,
                    password_hash TEXT,
                    account_id TEXT,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL
                );
                CREATE TABLE sms_codes (
                    purpose TEXT NOT NULL,
                    subject_id TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    code_hash BLOB NOT NULL,
                    expires_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    sends INTEGER NOT NULL DEFAULT 1,
                    window_start REAL NOT NULL,
                    PRIMARY KEY (purpose, subject_id)
                );
                CREATE TABLE sms_sends (
                    phone TEXT NOT NULL,
                    sent_at REAL NOT NULL
                );
                CREATE INDEX sms_sends_phone ON sms_sends(phone, sent_at);
                CREATE TABLE login_challenges (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    next TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    expires_at REAL NOT NULL,
                    completed_at REAL,
                    attached_at REAL
                );
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY,
                    token_hash BLOB NOT NULL UNIQUE,
                    account_id TEXT NOT NULL REFERENCES accounts(id),
                    created_at REAL NOT NULL,
                    last_seen_at REAL NOT NULL,
                    ended_at REAL
                );
                CREATE INDEX sessions_account ON sessions(account_id);
                CREATE TABLE reset_codes (
                    account_id TEXT PRIMARY KEY REFERENCES accounts(id),
                    code_hash BLOB NOT NULL,
                    expires_at REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL
                );
                CREATE TABLE reset_requests (
                    account_id TEXT NOT NULL,
                    requested_at REAL NOT NULL
                );
                CREATE INDEX reset_requests_account ON reset_requests(account_id, requested_at);
                CREATE TABLE phantom_lockouts (
                    key_hash BLOB PRIMARY KEY,
                    failed_logins INTEGER NOT NULL,
                    lockouts INTEGER NOT NULL,
                    locked_until REAL,
                    updated_at REAL NOT NULL
                );
                """),
        ProfileSchema.migration,
        // Activation e-mails per address and hour (the address as a keyed hash).
        Migration(
            3, "activation_sends",
            sql: """
                CREATE TABLE activation_sends (
                    email_hash BLOB NOT NULL,
                    sent_at REAL NOT NULL
                );
                CREATE INDEX activation_sends_email ON activation_sends(email_hash, sent_at);
                CREATE INDEX registrations_access_code ON registrations(access_code_id, created_at);
                """),
        HardeningSchema.migration,
    ]
}
