package web

import (
	"context"
	"fmt"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

// readRun reads the reports of run id back from db, with lineage under each quote.
// A missing run wraps [store.ErrNotFound].
func readRun(ctx context.Context, db *store.Store, id int64) (store.Run, report.Run, error) {
	meta, err := db.Run(ctx, id)
	if err != nil {
		return store.Run{}, report.Run{}, err
	}
	raw, err := db.Reports(ctx, id)
	if err != nil {
		return store.Run{}, report.Run{}, err
	}
	run := report.Run{ID: meta.ID, Kind: meta.Kind, Input: meta.Input, StartedAt: meta.StartedAt}
	for i, b := range raw {
		r, err := report.Parse(b)
		if err != nil {
			return store.Run{}, report.Run{}, fmt.Errorf("run %d, article %d: %w", id, i+1, err)
		}
		run.Reports = append(run.Reports, r)
	}
	if len(run.Reports) > 0 {
		quotes, err := db.Quotes(ctx, id)
		if err != nil {
			return store.Run{}, report.Run{}, err
		}
		checker.AddLineage(&run, quotes)
	}
	return meta, run, nil
}
