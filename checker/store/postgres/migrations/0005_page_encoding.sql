-- 0005_page_encoding.sql: page bodies stored compressed.
--
-- A body is stored once per sha256 of its uncompressed bytes (hash and bytes keep meaning
-- the body as fetched); encoding says how body holds it: '' as is (rows written before
-- this migration), 'zstd' compressed with Zstandard.
ALTER TABLE pages ADD COLUMN encoding TEXT NOT NULL DEFAULT '' CHECK (encoding IN ('', 'zstd'));
