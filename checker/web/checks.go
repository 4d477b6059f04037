package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

// maxURL is the longest URL the form takes.
const maxURL = 2048

// job is a check started from the page: whether it ended and why it failed, for the
// editor (the run's state itself is in the database).
type job struct {
	done bool
	err  string
}

// validURL accepts an absolute http(s) URL with a host: what `provcheck check` fetches.
// Whether its address may be fetched is the crawler's guard's business.
func validURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fmt.Errorf("give the address of an article")
	}
	if len(raw) > maxURL {
		return "", fmt.Errorf("the address is longer than %d characters", maxURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http(s) address", report.Clip(raw, 200))
	}
	return u.String(), nil
}

// start records a run for the check of u and runs it in the background; ok is false
// when every slot is taken.
func (s *Server) start(ctx context.Context, u string) (id int64, ok bool, err error) {
	select {
	case s.slots <- struct{}{}:
	default:
		return 0, false, nil
	}
	id, err = s.cfg.DB.StartRun(ctx, store.KindCheck, u, "{}")
	if err != nil {
		<-s.slots
		return 0, true, fmt.Errorf("record run: %w", err)
	}
	j := &job{}
	s.mu.Lock()
	s.jobs[id] = j
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.slots }()
		msg := s.runCheck(id, u)
		s.mu.Lock()
		j.done, j.err = true, msg
		s.mu.Unlock()
	}()
	return id, true, nil
}

// runCheck checks u and stores it in run id, as `provcheck check` does; it returns why
// the check failed, "" when it did not.
func (s *Server) runCheck(id int64, u string) string {
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.CheckTimeout)
	defer cancel()
	fail := func(err error) string {
		s.log.Warn("check failed", "run", id, "url", u, "err", err)
		// A fresh context: the check's own may be what ran out.
		_ = s.cfg.DB.FinishRun(context.WithoutCancel(ctx), id, store.StateFailed)
		return err.Error()
	}
	res, err := s.cfg.Check(ctx, u)
	if err != nil {
		return fail(err)
	}
	rec, err := checker.Record(res, res.Report())
	if err != nil {
		return fail(err)
	}
	if _, err := s.cfg.DB.SaveCheck(ctx, id, rec); err != nil {
		return fail(fmt.Errorf("record check: %w", err))
	}
	if err := s.cfg.DB.FinishRun(ctx, id, store.StateDone); err != nil {
		return fail(fmt.Errorf("record run: %w", err))
	}
	return ""
}

func (s *Server) jobOf(id int64) (job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return job{}, false
	}
	return *j, true
}
