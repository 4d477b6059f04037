-- 0007_article_record.sql: the texts that an article's report carries are stored once, with it.
--
-- The report holds every finding with its message and evidence and every citation with
-- its anchor and sentence, and the findings' and citations' rows held them again as plain
-- text (the evidence JSON alone was 5.7 KB an article on real pages). Now report_zstd is
-- the article's record: one zstd frame of the report, then the findings' texts (in the
-- order of findings.id) and the citations' (in the order of citations.idx), each section
-- a uvarint count of entries and for each entry two texts (message and evidence; anchor
-- and sentence), each a uvarint length and its bytes (an empty evidence is none).
-- report_bytes is the report's length at the head of the record. Compressed after the
-- report, the texts take a few bytes each. The rows keep what the store queries (rule,
-- severity, subject; href, url, fetch, verdict) with message '', evidence NULL, anchor ''
-- and sentence ''.
--
-- Rows written before this migration have report_bytes NULL: report_zstd (or report) is
-- the report alone, and their findings' and citations' rows hold their texts.
ALTER TABLE articles ADD COLUMN report_bytes INTEGER CHECK (report_bytes >= 0);

-- No query of the store looks findings up by rule alone: its counts go through the
-- article (findings_article).
DROP INDEX findings_rule;
