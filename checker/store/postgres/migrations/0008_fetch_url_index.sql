-- 0008_fetch_url_index.sql: one index on the fetches' URLs instead of two.
--
-- A run reads its own fetch of a URL back (RunFetch: run_id and request_url) and any
-- run's recent fetch of it (RecentFetch: request_url), each through an index of its own,
-- which together were a fifth of the fetches' bytes. One index on (request_url, run_id)
-- serves both; fetches_run still serves what a run counts.
DROP INDEX fetches_run_url;
DROP INDEX fetches_request_url;
CREATE INDEX fetches_url_run ON fetches (request_url, run_id);
