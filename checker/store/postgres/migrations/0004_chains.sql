-- 0004_chains.sql: the chains of quotes to the first page that carries them (--depth 2+).
--
-- A chain starts at a quote of an article and goes back through the pages that carry its
-- words: hop 0 is the original the article cites, each later hop a page the hop before it
-- cites. Each hop keeps its fetch (stored in fetches like any original), so a later run
-- reads the page back instead of fetching it again. Only chains of quotes that were
-- followed beyond their original are stored; none at depth 1.
CREATE TABLE chains (
    article_id BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    quote_idx  BIGINT  NOT NULL CHECK (quote_idx >= 0), -- quotes.idx
    text       TEXT    NOT NULL,         -- the quote as the article prints it
    speaker    TEXT    NOT NULL,
    stop       TEXT    NOT NULL,         -- 'depth_limit', 'primary_source', 'loop', 'no_earlier_source'
    reason     TEXT    NOT NULL,         -- the stop in words
    PRIMARY KEY (article_id, quote_idx)
);

-- The pages of a chain, in order from the article's original to the first carrier.
CREATE TABLE chain_hops (
    article_id BIGINT  NOT NULL,
    quote_idx  BIGINT  NOT NULL,
    position   BIGINT  NOT NULL CHECK (position >= 0),
    url        TEXT    NOT NULL,         -- as cited by the page before
    final_url  TEXT    NOT NULL,
    fetch_id   BIGINT  REFERENCES fetches (id) ON DELETE SET NULL,
    verdict    TEXT    NOT NULL,         -- the page before compared with this one: 'verified', 'altered', ...
    similarity DOUBLE PRECISION NOT NULL,
    passage    TEXT    NOT NULL,         -- the words on this page
    class      TEXT    NOT NULL,         -- 'social', 'wire', 'official', 'press_release', 'news', 'other'
    PRIMARY KEY (article_id, quote_idx, position),
    FOREIGN KEY (article_id, quote_idx) REFERENCES chains (article_id, quote_idx) ON DELETE CASCADE
);

CREATE INDEX chain_hops_url ON chain_hops (url);
CREATE INDEX chain_hops_fetch ON chain_hops (fetch_id);
