-- 0006_report_encoding.sql: an article's JSON report stored compressed.
--
-- The report is the largest row of an article after its pages (10 to 30 KB of JSON that
-- repeats its own keys). report_zstd holds it compressed with Zstandard, and report is then
-- ''; rows written before this migration keep report as written and report_zstd NULL.
ALTER TABLE articles ADD COLUMN report_zstd BYTEA;
