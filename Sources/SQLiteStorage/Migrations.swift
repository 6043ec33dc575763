import Foundation
import GRDB
import Storage

extension AppDatabase {
    /// The schema history. A migration is frozen once it has landed: never edit one, add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-users-conversations-profiles") { db in
            try db.create(table: "users") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("name", .text).notNull().unique().collate(.nocase)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "conversations") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                table.column("started_at", .datetime).notNull()
                table.column("archived_at", .datetime)
                table.column("state", .text).notNull()
            }
            try db.create(
                index: "conversations_active", on: "conversations", columns: ["user_id", "archived_at"])
            try db.create(table: "messages") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("conversation_id", .integer).notNull().references("conversations", onDelete: .cascade).indexed()
                table.column("role", .text).notNull()
                table.column("content", .text).notNull()
                table.column("tool_calls", .text)
                table.column("tool_call_id", .text)
                table.column("tool_name", .text)
                table.column("created_at", .datetime).notNull()
            }
            try db.create(table: "profiles") { table in
                table.primaryKey("user_id", .integer).references("users", onDelete: .cascade)
                table.column("name", .text)
                table.column("headline", .text)
                table.column("target_roles", .text).notNull().defaults(to: "[]")
                table.column("locations", .text).notNull().defaults(to: "[]")
                table.column("remote_preference", .text)
                table.column("salary_floor", .integer)
                table.column("salary_currency", .text)
                table.column("skills", .text).notNull().defaults(to: "[]")
                table.column("years_experience", .integer)
                table.column("updated_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-usage") { db in
            try db.create(table: "usage") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("user_id", .integer).notNull().references("users", onDelete: .cascade)
                table.column("model", .text).notNull()
                table.column("prompt_tokens", .integer).notNull()
                table.column("completion_tokens", .integer).notNull()
                table.column("created_at", .datetime).notNull()
            }
            try db.create(index: "usage_by_user", on: "usage", columns: ["user_id", "created_at"])
        }
        migrator.registerMigration("v3-jobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        dedup_key TEXT NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        sources TEXT NOT NULL,
                        source_id TEXT,
                        url TEXT,
                        title TEXT NOT NULL,
                        company TEXT NOT NULL,
                        location TEXT NOT NULL,
                        country TEXT,
                        arrangement TEXT NOT NULL,
                        seniority TEXT,
                        employment_type TEXT,
                        salary_min REAL,
                        salary_max REAL,
                        salary_currency TEXT,
                        salary_period TEXT,
                        annual_min REAL,
                        annual_max REAL,
                        posted_at DATETIME,
                        description TEXT NOT NULL,
                        skills TEXT NOT NULL,
                        indexed_at DATETIME NOT NULL
                    );
                    CREATE INDEX jobs_posted_at ON jobs(posted_at);
                    CREATE VIRTUAL TABLE jobs_fts USING fts5(
                        title, company, location, description, skills,
                        content='jobs', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
                    );
                    """)
            try db.execute(sql: SQLiteJobStore.createTriggers)
        }
        migrator.registerMigration("v4-applications") { db in
            try db.execute(
                sql: """
                    CREATE TABLE applications (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
                        company TEXT NOT NULL,
                        title TEXT NOT NULL,
                        status TEXT NOT NULL,
                        note TEXT,
                        url TEXT,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL,
                        follow_up_at DATETIME
                    );
                    CREATE INDEX applications_by_user ON applications(user_id, status);
                    CREATE TABLE application_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                        status TEXT NOT NULL,
                        note TEXT,
                        at DATETIME NOT NULL
                    );
                    CREATE INDEX application_events_by_application ON application_events(application_id);
                    """)
        }
        migrator.registerMigration("v5-source-runs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source_runs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source TEXT NOT NULL,
                        query TEXT NOT NULL,
                        status TEXT NOT NULL,
                        reason TEXT,
                        fetched INTEGER NOT NULL,
                        new INTEGER NOT NULL,
                        latency_ms INTEGER NOT NULL,
                        at DATETIME NOT NULL
                    );
                    CREATE INDEX source_runs_by_source ON source_runs(source, id);
                    """)
        }
        migrator.registerMigration("v6-resumes-cover-letters") { db in
            try db.execute(
                sql: """
                    CREATE TABLE resumes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        filename TEXT NOT NULL,
                        text TEXT NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE INDEX resumes_by_user ON resumes(user_id, id);
                    CREATE TABLE cover_letters (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        job_id INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
                        company TEXT NOT NULL,
                        title TEXT NOT NULL,
                        tone TEXT NOT NULL,
                        text TEXT NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE INDEX cover_letters_by_user ON cover_letters(user_id, id);
                    """)
        }
        migrator.registerMigration("v7-interviews") { db in
            try db.execute(
                sql: """
                    CREATE TABLE interviews (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        role TEXT NOT NULL,
                        type TEXT NOT NULL,
                        status TEXT NOT NULL,
                        state TEXT NOT NULL,
                        question_ids TEXT NOT NULL,
                        score REAL,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL
                    );
                    CREATE INDEX interviews_by_user ON interviews(user_id, status);
                    CREATE TABLE stories (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        question TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        score REAL NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v8-parsed-resumes") { db in
            try db.execute(sql: "ALTER TABLE resumes ADD COLUMN parsed TEXT")
        }
        migrator.registerMigration("v9-passwords") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN password_hash TEXT")
        }
        migrator.registerMigration("v10-auth-state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE login_failures (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        username TEXT NOT NULL,
                        address TEXT NOT NULL,
                        at DATETIME NOT NULL
                    );
                    CREATE INDEX login_failures_by_username ON login_failures(username, at);
                    CREATE INDEX login_failures_by_address ON login_failures(address, at);
                    CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY, expires_at DATETIME NOT NULL);
                    CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
                    """)
        }
        migrator.registerMigration("v11-profile-details") { db in
            // Certifications, languages, seniority, salary period and visa sponsorship, as one JSON object:
            // they are read and written with the profile, never queried on their own.
            try db.execute(sql: "ALTER TABLE profiles ADD COLUMN details TEXT NOT NULL DEFAULT '{}'")
        }
        migrator.registerMigration("v12-job-occupations") { db in
            // Recommendations fetch candidates by occupation, newest first; a job seen on several boards keeps
            // each board's link as a JSON object {source: url}.
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN occupation_code TEXT;
                    CREATE INDEX jobs_by_occupation ON jobs(occupation_code, posted_at);
                    ALTER TABLE jobs ADD COLUMN links TEXT NOT NULL DEFAULT '{}';
                    """)
        }
        migrator.registerMigration("v13-place-words") { db in
            // The text index's location column also holds the country code, through a view, so a place filter is
            // a MATCH term the index intersects with the words searched ("teacher" in "London" costs a lookup, not
            // a scan of every teacher posting). The triggers now fire only when indexed text changes: setting a
            // posting's occupation no longer rewrites its index entry.
            try db.execute(
                sql: SQLiteJobStore.dropTriggers + """
                    DROP TABLE jobs_fts;
                    CREATE VIEW jobs_fts_source AS
                        SELECT id, title, company, location || ' ' || COALESCE(country, '') AS location, description, skills
                        FROM jobs;
                    CREATE VIRTUAL TABLE jobs_fts USING fts5(
                        title, company, location, description, skills,
                        content='jobs_fts_source', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
                    );
                    INSERT INTO jobs_fts(jobs_fts) VALUES ('rebuild');
                    """)
            try db.execute(sql: SQLiteJobStore.createTriggers)
            // The same words as a plain column, for checking one posting cheaply while walking many (a large place).
            try db.execute(sql: "ALTER TABLE jobs ADD COLUMN place_words TEXT NOT NULL DEFAULT ''")
            let update = try db.makeStatement(sql: "UPDATE jobs SET place_words = ? WHERE id = ?")
            let rows = try Row.fetchCursor(db, sql: "SELECT id, location, country FROM jobs")
            while let row = try rows.next() {
                let words = PlaceFilter.storedWords(location: row["location"], country: row["country"])
                try update.execute(arguments: [words, row["id"] as Int64])
            }
        }
        migrator.registerMigration("v14-description-fingerprints") { db in
            // A posting a board titles differently is found by company, place and a near-identical description.
            try db.execute(
                sql: """
                    ALTER TABLE jobs ADD COLUMN company_place TEXT;
                    ALTER TABLE jobs ADD COLUMN description_hash INTEGER;
                    """)
            let update = try db.makeStatement(sql: "UPDATE jobs SET company_place = ?, description_hash = ? WHERE id = ?")
            let rows = try Row.fetchCursor(db, sql: "SELECT id, company, location, description FROM jobs")
            while let row = try rows.next() {
                let posting = JobPosting(
                    source: "", title: "", company: row["company"], location: row["location"], description: row["description"])
                try update.execute(arguments: [posting.companyPlaceKey, posting.descriptionFingerprint, row["id"] as Int64])
            }
            try db.execute(sql: "CREATE INDEX jobs_by_company_place ON jobs(company_place)")
        }
        migrator.registerMigration("v15-conversation-message-count") { db in
            try db.execute(
                sql: """
                    ALTER TABLE conversations ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
                    UPDATE conversations SET message_count = (SELECT COUNT(*) FROM messages WHERE conversation_id = conversations.id);
                    """)
        }
        migrator.registerMigration("v16-job-words-and-count") { db in
            // Every word the job index holds, so a search word is searched as the words it stands for (SearchTerms).
            try db.execute(sql: "CREATE TABLE job_words (word TEXT PRIMARY KEY) WITHOUT ROWID")
            try SQLiteJobStore.noteIndexedWords(db)
            // The number of postings, kept by triggers: every search reply says how many postings were searched,
            // and COUNT(*) reads a whole index (10 ms at a million postings).
            try db.execute(
                sql: """
                    CREATE TABLE job_count (total INTEGER NOT NULL);
                    INSERT INTO job_count (total) SELECT COUNT(*) FROM jobs;
                    CREATE TRIGGER jobs_counted_insert AFTER INSERT ON jobs BEGIN UPDATE job_count SET total = total + 1; END;
                    CREATE TRIGGER jobs_counted_delete AFTER DELETE ON jobs BEGIN UPDATE job_count SET total = total - 1; END;
                    """)
        }
        return migrator
    }
}
