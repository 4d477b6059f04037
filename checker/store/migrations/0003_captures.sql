-- 0003_captures.sql: where the evidence of each fetch lies in the WARC files.
--
-- One row per WARC record worth finding again: an HTTP response (any status), a revisit
-- (a 304 that confirmed a stored response), the metadata record that sums up a fetch
-- (kind 'fetch': the page as the checker saw it), or the metadata record of a request
-- that got no answer (kind 'error'). Requests are not indexed: each sits next to its
-- response. The WARC files are the evidence; this table is only their index.
CREATE TABLE captures (
    id             INTEGER PRIMARY KEY,
    url            TEXT    NOT NULL,         -- WARC-Target-URI of the record
    kind           TEXT    NOT NULL,         -- 'response', 'revisit', 'fetch', 'error'
    record_id      TEXT    NOT NULL UNIQUE,  -- WARC-Record-ID, '<urn:uuid:...>'
    warc_file      TEXT    NOT NULL,         -- path of the .warc.gz file as written
    warc_offset    INTEGER NOT NULL CHECK (warc_offset >= 0),
    warc_length    INTEGER NOT NULL CHECK (warc_length > 0), -- compressed bytes of the record
    payload_digest TEXT    NOT NULL,         -- WARC-Payload-Digest of a response; '' otherwise
    status         INTEGER,                  -- HTTP status; NULL: none
    fetched_at     TEXT    NOT NULL
) STRICT;

CREATE INDEX captures_url ON captures (url, kind, fetched_at);
