import SQLite

/// Admin's tables. Users are a copy of what identity knows about a person that
/// the lists need (names, e-mail, language, MFA, state) plus folded columns for
/// search and sort; memberships are admin's own facts; the audit trail is
/// append-only, enforced by triggers so that no code path can rewrite history.
enum AdminSchema {
    static let migrations: [Migration] = [
        Migration(
            1, "employers_users_memberships",
            sql: """
                CREATE TABLE employers (
                    number TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    search TEXT NOT NULL,
                    street TEXT NOT NULL,
                    postcode TEXT NOT NULL,
                    city TEXT NOT NULL,
                    language TEXT NOT NULL,
                    created_at REAL NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE invitations (
                    id TEXT PRIMARY KEY,
                    employer TEXT NOT NULL REFERENCES employers(number),
                    delivery TEXT NOT NULL,
                    email TEXT,
                    expires_at REAL NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX invitations_employer ON invitations(employer, created_at);

                CREATE TABLE users (
                    account_id TEXT PRIMARY KEY,
                    email TEXT NOT NULL,
                    first_name TEXT NOT NULL,
                    last_name TEXT NOT NULL,
                    language TEXT NOT NULL,
                    mfa TEXT NOT NULL DEFAULT '',
                    state TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    sort_name TEXT NOT NULL,
                    search TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX users_email ON users(email);

                CREATE TABLE memberships (
                    employer TEXT NOT NULL REFERENCES employers(number),
                    account_id TEXT NOT NULL REFERENCES users(account_id),
                    admin INTEGER NOT NULL,
                    themes TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    reference TEXT NOT NULL DEFAULT '',
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (employer, account_id)
                ) WITHOUT ROWID;
                CREATE INDEX memberships_account ON memberships(account_id);

                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    employer TEXT,
                    actor_id TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target_id TEXT,
                    target TEXT NOT NULL,
                    before TEXT,
                    after TEXT
                );
                CREATE INDEX audit_employer ON audit(employer, id);
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                """)
    ]
}
