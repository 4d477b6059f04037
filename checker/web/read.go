package web

import (
	"context"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

// readRun reads run id back with the shared read model (each quote with the other
// articles of the run that carry it), and the run's record (its state). A missing run
// wraps [store.ErrNotFound].
func readRun(ctx context.Context, db *store.Store, id int64) (store.Run, report.Run, error) {
	meta, err := db.Run(ctx, id)
	if err != nil {
		return store.Run{}, report.Run{}, err
	}
	run, err := checker.NewStored(db).Run(ctx, id)
	if err != nil {
		return store.Run{}, report.Run{}, err
	}
	return meta, run, nil
}
