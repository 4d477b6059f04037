package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/rules"
)

// recheckRun fetches again the links a run found dead (--run N, or the latest audit) and
// prints what became of each. The run's stored verdicts are left as they were: the recheck
// is a report on today, not a rewrite of the run.
func recheckRun(ctx context.Context, w io.Writer, ss *session, runID int64) error {
	if ss.db == nil {
		return usageError{"--recheck needs the database of the run (not --no-db)"}
	}
	if runID == 0 {
		r, err := ss.db.LatestRun(ctx, store.KindAudit)
		if errors.Is(err, store.ErrNotFound) {
			return usageError{"no audit to recheck in this database"}
		}
		if err != nil {
			return err
		}
		runID = r.ID
	}
	urls, err := ss.db.DeadLinks(ctx, runID)
	if err != nil {
		return err
	}
	res, err := checker.Recheck(ctx, ss.fetch, urls)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "run %d: %d dead link(s) fetched again\n", runID, len(res))
	alive := 0
	for _, r := range res {
		note := r.Err
		if r.Fate == rules.FateOK {
			alive++
			note = fmt.Sprintf("%d, answers again", r.Status)
		}
		fmt.Fprintf(w, "  %-9s %s  %s\n", r.Fate, r.URL, note)
	}
	fmt.Fprintf(w, "%d of %d answer again\n", alive, len(res))
	return nil
}
