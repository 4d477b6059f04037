-- 0001_init.sql: the initial schema.
--
-- Conventions (kept so that a PostgreSQL twin of this file is a mechanical translation):
--   * times are RFC 3339 UTC text with fixed-width nanoseconds
--     ("2006-01-02T15:04:05.000000000Z"), so that they sort correctly as text;
--   * an empty string means "absent" for text, NULL means "unknown" or "none" for
--     times, statuses and references;
--   * JSON is stored as TEXT (STRICT tables reject a JSON column type) and is opaque
--     to the store;
--   * allowed values of kind and state are checked in Go, not with CHECK, so that a new
--     value needs no table rebuild; CHECK is kept for invariants that never change.
-- STRICT makes SQLite enforce the declared column types, as PostgreSQL would.

-- One invocation of provcheck: a single check, a batch audit or the demo.
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,          -- 'check', 'audit', 'demo'
    input       TEXT    NOT NULL,          -- the URL, archive or file the run was given
    options     TEXT    NOT NULL,          -- JSON text of the options, opaque
    state       TEXT    NOT NULL,          -- 'running', 'done', 'interrupted', 'failed'
    started_at  TEXT    NOT NULL,
    finished_at TEXT                       -- NULL while running
) STRICT;

CREATE INDEX runs_kind ON runs (kind, id);

-- Fetched bodies, stored once per content hash whatever the number of fetches that
-- returned them. Rows are never updated, so a hash always names the same bytes.
CREATE TABLE pages (
    id    INTEGER PRIMARY KEY,
    hash  TEXT    NOT NULL UNIQUE,         -- hex sha256 of body
    bytes INTEGER NOT NULL CHECK (bytes >= 0),
    body  BLOB    NOT NULL
) STRICT;

-- One request and what came of it, successful or not: provenance needs failures too.
CREATE TABLE fetches (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    request_url  TEXT    NOT NULL,
    final_url    TEXT    NOT NULL,         -- after redirects; '' if none was reached
    status       INTEGER,                  -- NULL: no response at all
    content_type TEXT    NOT NULL,
    page_id      INTEGER REFERENCES pages (id), -- NULL: no body
    truncated    INTEGER NOT NULL CHECK (truncated IN (0, 1)),
    fetched_at   TEXT    NOT NULL,
    duration_ms  INTEGER NOT NULL,
    error        TEXT    NOT NULL,         -- '' on success
    error_class  TEXT    NOT NULL          -- coarse class of error, for counting
) STRICT;

CREATE INDEX fetches_request_url ON fetches (request_url);
CREATE INDEX fetches_run ON fetches (run_id);
CREATE INDEX fetches_page ON fetches (page_id);

-- The redirect chain of a fetch, one row per hop in the order they were followed.
CREATE TABLE redirects (
    fetch_id INTEGER NOT NULL REFERENCES fetches (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    url      TEXT    NOT NULL,
    status   INTEGER NOT NULL,
    PRIMARY KEY (fetch_id, position)
) STRICT;

-- One checked article. Checking the same URL again adds a row: history is kept.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    final_url  TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    byline     TEXT    NOT NULL,
    site_name  TEXT    NOT NULL,
    published  TEXT,                       -- NULL: unknown
    fetch_id   INTEGER REFERENCES fetches (id) ON DELETE SET NULL, -- the article's own fetch
    score      INTEGER NOT NULL,
    grade      TEXT    NOT NULL,
    report     TEXT    NOT NULL,           -- the JSON report as produced, opaque
    checked_at TEXT    NOT NULL
) STRICT;

CREATE INDEX articles_url ON articles (url);
CREATE INDEX articles_final_url ON articles (final_url);
CREATE INDEX articles_run_url ON articles (run_id, url); -- resuming an audit
CREATE INDEX articles_fetch ON articles (fetch_id);

-- The links of an article, each with the fetch of its original (NULL if not fetched).
CREATE TABLE citations (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx        INTEGER NOT NULL,           -- position in the article, as extracted
    href       TEXT    NOT NULL,           -- as written in the page
    url        TEXT    NOT NULL,           -- resolved and canonicalised
    anchor     TEXT    NOT NULL,
    sentence   TEXT    NOT NULL,
    fetch_id   INTEGER REFERENCES fetches (id) ON DELETE SET NULL,
    verdict    TEXT    NOT NULL,
    PRIMARY KEY (article_id, idx)
) STRICT;

CREATE INDEX citations_fetch ON citations (fetch_id);

-- Quotations in an article; offsets are byte offsets in the extracted text.
CREATE TABLE quotes (
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    speaker      TEXT    NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    verdict      TEXT    NOT NULL,
    source_url   TEXT    NOT NULL,         -- where the quote was found, '' if nowhere
    similarity   REAL    NOT NULL,
    PRIMARY KEY (article_id, idx),
    CHECK (start_offset <= end_offset)
) STRICT;

-- What the rules saw. subject_kind and subject_index point at a citation, quote, etc.
CREATE TABLE findings (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    rule          TEXT    NOT NULL,
    severity      TEXT    NOT NULL,
    subject_kind  TEXT    NOT NULL,
    subject_index INTEGER NOT NULL,
    message       TEXT    NOT NULL,
    evidence      TEXT                     -- JSON text, NULL if none
) STRICT;

CREATE INDEX findings_article ON findings (article_id);
CREATE INDEX findings_rule ON findings (rule);
