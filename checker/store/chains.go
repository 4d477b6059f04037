package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/provcheck/provcheck/rules"
)

// Chain is a quote followed back through the pages that carry its words, to the first
// one found.
type Chain struct {
	Quote         int // index of the quote in its article
	Text, Speaker string
	Stop, Reason  string // why the chain ends: a code and the words
	Hops          []ChainHop
}

// ChainHop is one page of a chain.
type ChainHop struct {
	URL, FinalURL string
	Fetch         int // index into [Check.Fetches]; -1: none
	Verdict       rules.Verdict
	Similarity    float64
	Passage       string
	Class         string
}

// saveChains writes the chains of an article inside tx.
func (s *Store) saveChains(ctx context.Context, tx *sql.Tx, articleID int64, fetchIDs []int64, chains []Chain) error {
	if len(chains) == 0 {
		return nil
	}
	insChain, err := s.txStmt(ctx, tx, qInsChain)
	if err != nil {
		return err
	}
	insHop, err := s.txStmt(ctx, tx, qInsChainHop)
	if err != nil {
		return err
	}
	for _, ch := range chains {
		if _, err := insChain.ExecContext(ctx, articleID, ch.Quote, ch.Text, ch.Speaker, ch.Stop, ch.Reason); err != nil {
			return fmt.Errorf("chain of quote %d: %w", ch.Quote, err)
		}
		for pos, h := range ch.Hops {
			ref, err := fetchRef(fetchIDs, h.Fetch)
			if err != nil {
				return fmt.Errorf("chain of quote %d, hop %d: %w", ch.Quote, pos, err)
			}
			if _, err := insHop.ExecContext(ctx, articleID, ch.Quote, pos, h.URL, h.FinalURL, ref,
				h.Verdict, h.Similarity, h.Passage, h.Class); err != nil {
				return fmt.Errorf("chain of quote %d, hop %d: %w", ch.Quote, pos, err)
			}
		}
	}
	return nil
}

// Chains returns the stored chains of article articleID, by quote, with their hops in
// order. A hop's Fetch is -1: fetches are not read back here.
func (s *Store) Chains(ctx context.Context, articleID int64) ([]Chain, error) {
	wrap := func(err error) error { return fmt.Errorf("store: chains of article %d: %w", articleID, err) }
	rows, err := s.r.QueryContext(ctx,
		`SELECT c.quote_idx, c.text, c.speaker, c.stop, c.reason,
		        h.url, h.final_url, h.verdict, h.similarity, h.passage, h.class
		 FROM chains c LEFT JOIN chain_hops h ON h.article_id = c.article_id AND h.quote_idx = c.quote_idx
		 WHERE c.article_id = ?
		 ORDER BY c.quote_idx, h.position`, articleID)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var out []Chain
	for rows.Next() {
		var ch Chain
		var url, final, verdict, passage, class sql.NullString
		var sim sql.NullFloat64
		if err := rows.Scan(&ch.Quote, &ch.Text, &ch.Speaker, &ch.Stop, &ch.Reason,
			&url, &final, &verdict, &sim, &passage, &class); err != nil {
			return nil, wrap(err)
		}
		if n := len(out); n == 0 || out[n-1].Quote != ch.Quote {
			out = append(out, ch)
		}
		if url.Valid {
			last := &out[len(out)-1]
			last.Hops = append(last.Hops, ChainHop{
				URL: url.String, FinalURL: final.String, Fetch: -1, Verdict: rules.Verdict(verdict.String),
				Similarity: sim.Float64, Passage: passage.String, Class: class.String,
			})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	return out, nil
}
