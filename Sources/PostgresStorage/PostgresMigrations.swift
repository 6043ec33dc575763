import Foundation
import PostgresNIO
import Storage

/// The PostgreSQL schema history, versioned like the SQLite migrations: a migration is frozen once it has landed.
/// Instances starting together take an advisory lock, so exactly one of them applies each migration.
enum PostgresMigrations {
    struct Migration {
        let version: Int
        let name: String
        let sql: [String]
    }

    static let all: [Migration] = [
        Migration(
            version: 1, name: "users-conversations-profiles-usage",
            sql: [
                """
                CREATE TABLE users (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL,
                    password_hash TEXT
                )
                """,
                "CREATE UNIQUE INDEX users_by_name ON users (lower(name))",
                """
                CREATE TABLE conversations (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    started_at TIMESTAMPTZ NOT NULL,
                    archived_at TIMESTAMPTZ,
                    state TEXT NOT NULL,
                    message_count BIGINT NOT NULL DEFAULT 0
                )
                """,
                // At most one active conversation per user, whichever instance creates it first.
                "CREATE UNIQUE INDEX conversations_active ON conversations (user_id) WHERE archived_at IS NULL",
                """
                CREATE TABLE messages (
                    id BIGSERIAL PRIMARY KEY,
                    conversation_id BIGINT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    role TEXT NOT NULL,
                    content TEXT NOT NULL,
                    tool_calls TEXT,
                    tool_call_id TEXT,
                    tool_name TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    UNIQUE (conversation_id, seq)
                )
                """,
                """
                CREATE TABLE profiles (
                    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                    document TEXT NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """,
                """
                CREATE TABLE usage (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    model TEXT NOT NULL,
                    prompt_tokens BIGINT NOT NULL,
                    completion_tokens BIGINT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX usage_by_user ON usage (user_id, created_at)",
            ]),
        Migration(
            version: 2, name: "jobs-full-text",
            sql: [
                // Trigram indexes make the location and company filters (substring matches) index conditions, so a
                // rare filter combines with the text match (BitmapAnd) instead of scanning. pg_trgm ships with
                // PostgreSQL and is a trusted extension: the database owner may create it.
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                // Words are folded like SQLite's unicode61 tokenizer folds them: accents off ("Bogotá" is found by
                // "bogota"), punctuation to spaces. unaccent() is only STABLE, so an IMMUTABLE wrapper with the
                // dictionary named explicitly makes it usable in the generated columns below; its search_path is fixed
                // at creation so dumps, restores and autovacuum resolve unaccent the same way.
                "CREATE EXTENSION IF NOT EXISTS unaccent",
                """
                CREATE FUNCTION jobhunter_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                SET search_path FROM CURRENT
                AS $$ SELECT regexp_replace(unaccent('unaccent'::regdictionary, $1), '[^[:alnum:]]+', ' ', 'g') $$
                """,
                """
                CREATE TABLE jobs (
                    id BIGSERIAL PRIMARY KEY,
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
                    salary_min DOUBLE PRECISION,
                    salary_max DOUBLE PRECISION,
                    salary_currency TEXT,
                    salary_period TEXT,
                    annual_min DOUBLE PRECISION,
                    annual_max DOUBLE PRECISION,
                    posted_at TIMESTAMPTZ,
                    description TEXT NOT NULL,
                    skills TEXT NOT NULL,
                    indexed_at TIMESTAMPTZ NOT NULL,
                    -- Weights: title A > skills B > company and location C > description D. Text is folded first
                    -- (jobhunter_fold), so words split exactly as SQLite's unicode61 tokenizer splits them and both
                    -- indexes find the same postings.
                    search TSVECTOR GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', jobhunter_fold(title)), 'A') ||
                        setweight(to_tsvector('simple', jobhunter_fold(skills)), 'B') ||
                        setweight(to_tsvector('simple', jobhunter_fold(company || ' ' || location)), 'C') ||
                        setweight(to_tsvector('simple', jobhunter_fold(description)), 'D')
                    ) STORED,
                    -- The title alone, for "every word in the title" matches: weight-restricted queries on `search`
                    -- are estimated from all weights, so the planner picked slow plans for words common elsewhere.
                    title_search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', jobhunter_fold(title))) STORED
                )
                """,
                "CREATE INDEX jobs_search ON jobs USING GIN (search)",
                "CREATE INDEX jobs_title_search ON jobs USING GIN (title_search)",
                "CREATE INDEX jobs_location_trgm ON jobs USING GIN (location gin_trgm_ops)",
                "CREATE INDEX jobs_company_trgm ON jobs USING GIN (company gin_trgm_ops)",
                "CREATE INDEX jobs_country ON jobs (country)",
                // NULLS LAST as the search orders: a DESC index otherwise puts NULLs first and cannot serve that order.
                "CREATE INDEX jobs_by_posted ON jobs (posted_at DESC NULLS LAST, id DESC)",
                """
                CREATE TABLE source_runs (
                    id BIGSERIAL PRIMARY KEY,
                    source TEXT NOT NULL,
                    query TEXT,
                    status TEXT NOT NULL,
                    reason TEXT,
                    fetched BIGINT NOT NULL,
                    new BIGINT NOT NULL,
                    latency_ms BIGINT NOT NULL,
                    at TIMESTAMPTZ NOT NULL
                )
                """,
            ]),
        Migration(
            version: 3, name: "applications-documents-interviews",
            sql: [
                """
                CREATE TABLE applications (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    job_id BIGINT,
                    company TEXT NOT NULL,
                    title TEXT NOT NULL,
                    status TEXT NOT NULL,
                    note TEXT,
                    url TEXT,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL,
                    follow_up_at TIMESTAMPTZ
                )
                """,
                "CREATE INDEX applications_by_user ON applications (user_id, updated_at)",
                """
                CREATE TABLE application_events (
                    id BIGSERIAL PRIMARY KEY,
                    application_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
                    status TEXT NOT NULL,
                    note TEXT,
                    at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX application_events_by_application ON application_events (application_id, id)",
                """
                CREATE TABLE resumes (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    text TEXT NOT NULL,
                    parsed TEXT,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX resumes_by_user ON resumes (user_id, id)",
                """
                CREATE TABLE cover_letters (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    job_id BIGINT,
                    company TEXT NOT NULL,
                    title TEXT NOT NULL,
                    tone TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX cover_letters_by_user ON cover_letters (user_id, id)",
                """
                CREATE TABLE interviews (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    state TEXT NOT NULL,
                    question_ids TEXT NOT NULL,
                    score DOUBLE PRECISION,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX interviews_by_user ON interviews (user_id, status)",
                """
                CREATE TABLE stories (
                    id BIGSERIAL PRIMARY KEY,
                    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    question TEXT NOT NULL,
                    answer TEXT NOT NULL,
                    score DOUBLE PRECISION NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL
                )
                """,
            ]),
        Migration(
            version: 4, name: "auth-state",
            sql: [
                """
                CREATE TABLE login_failures (
                    id BIGSERIAL PRIMARY KEY,
                    username TEXT NOT NULL,
                    address TEXT NOT NULL,
                    at TIMESTAMPTZ NOT NULL
                )
                """,
                "CREATE INDEX login_failures_by_username ON login_failures (username, at)",
                "CREATE INDEX login_failures_by_address ON login_failures (address, at)",
                "CREATE TABLE revoked_tokens (jti TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL)",
                "CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
            ]),
        Migration(
            version: 5, name: "job-occupations",
            sql: [
                "ALTER TABLE jobs ADD COLUMN occupation_code TEXT",
                // Recommendations fetch candidates by occupation, newest first.
                "CREATE INDEX jobs_by_occupation ON jobs (occupation_code, posted_at DESC NULLS LAST)",
                // Each board's link to a job seen on several, as a JSON object {source: url}.
                "ALTER TABLE jobs ADD COLUMN links TEXT NOT NULL DEFAULT '{}'",
            ]),
        Migration(
            version: 6, name: "place-words",
            sql: [
                // The place and country code as words under a GIN index, as SQLite's text index holds them: a place
                // filter is an index condition that combines with the text match, and whole words, so "DE" is
                // Germany or Delaware and never "Denver". It replaces the trigram index the substring match used.
                """
                ALTER TABLE jobs ADD COLUMN place_search TSVECTOR GENERATED ALWAYS AS (
                    to_tsvector('simple', jobhunter_fold(location || ' ' || COALESCE(country, '')))
                ) STORED
                """,
                "CREATE INDEX jobs_place_search ON jobs USING GIN (place_search)",
                "DROP INDEX IF EXISTS jobs_location_trgm",
            ]),
        Migration(
            version: 7, name: "description-fingerprints",
            sql: [
                // A posting a board titles differently is found by company, place and a near-identical description.
                // Postings indexed before this version have no fingerprint and are matched by their key alone.
                "ALTER TABLE jobs ADD COLUMN company_place TEXT",
                "ALTER TABLE jobs ADD COLUMN description_hash BIGINT",
                "CREATE INDEX jobs_by_company_place ON jobs (company_place, id DESC)",
            ]),
        Migration(
            version: 8, name: "title-index-with-filters",
            sql: [
                // Seniority and arrangement in the title's GIN index (btree_gin, a trusted contrib extension), so "senior
                // project manager" is one index scan of the senior ones instead of reading every project manager's row
                // to filter it (63 ms at a million postings).
                "CREATE EXTENSION IF NOT EXISTS btree_gin",
                "DROP INDEX IF EXISTS jobs_title_search",
                "CREATE INDEX jobs_title_search ON jobs USING GIN (title_search, seniority, arrangement)",
            ]),
        Migration(
            version: 9, name: "job-words",
            sql: [
                // Every word of every posting's text, so a search word is searched as the words it stands for
                // ('manager' | 'managers', see SearchTerms). GIN reads every posting of a prefix term into a bitmap before
                // it intersects anything (28 ms for "senior project manager" at a million postings); exact words are
                // intersected inside the index's posting trees (3-5 ms). Kept by statement triggers, a batch at a time.
                "CREATE TABLE job_words (word TEXT COLLATE \"C\" PRIMARY KEY)",
                "INSERT INTO job_words SELECT DISTINCT unnest(tsvector_to_array(search)) FROM jobs ON CONFLICT DO NOTHING",
                """
                CREATE FUNCTION jobhunter_note_words() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO job_words SELECT DISTINCT unnest(tsvector_to_array(search)) FROM changed_jobs
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER jobs_words_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS changed_jobs
                FOR EACH STATEMENT EXECUTE FUNCTION jobhunter_note_words()
                """,
                """
                CREATE TRIGGER jobs_words_updated AFTER UPDATE ON jobs REFERENCING NEW TABLE AS changed_jobs
                FOR EACH STATEMENT EXECUTE FUNCTION jobhunter_note_words()
                """,
            ]),
    ]

    /// An arbitrary constant: the advisory lock key that serialises migrations across instances.
    static let lockKey: Int64 = 0x4A6F_6248_756E_7401

    static func migrate(_ database: PostgresDatabase) async throws {
        let migrations = all
        try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: database.logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INT PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: database.logger)
            var applied = Set<Int>()
            for try await version in try await connection.query("SELECT version FROM schema_migrations", logger: database.logger).decode(
                Int.self)
            {
                applied.insert(version)
            }
            if let newest = applied.max(), newest > migrations.count {
                throw StorageError.newerSchema(database.location.description)
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: database.logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: database.logger)
            }
        }
    }
}
