-- 0002_audit.sql: the plan of a batch audit, so that an interrupted audit can resume.
--
-- When an audit starts, every input item (a URL, a saved file, a WARC record) is listed
-- here in the order it will be checked. An item turns 'done' in the same transaction that
-- stores its article, so a killed process loses nothing finished and a resumed one does
-- nothing twice; an item that cannot be checked turns 'failed' with its reason.
CREATE TABLE audit_items (
    run_id      BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position    BIGINT  NOT NULL CHECK (position >= 0),
    kind        TEXT    NOT NULL,          -- 'url', 'file', 'warc'
    input       TEXT    NOT NULL,          -- the URL, the path, or 'path@offset' of a WARC record
    state       TEXT    NOT NULL,          -- 'pending', 'done', 'failed'
    error       TEXT    NOT NULL,          -- '' unless failed
    article_id  BIGINT  REFERENCES articles (id) ON DELETE SET NULL,
    finished_at TEXT,                      -- NULL while pending
    PRIMARY KEY (run_id, position)
);

CREATE INDEX audit_items_state ON audit_items (run_id, state);

-- A run reads back what it fetched (to resume, and instead of fetching an original twice).
CREATE INDEX fetches_run_url ON fetches (run_id, request_url);
