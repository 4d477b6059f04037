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

// maxFailures is how many failed checks' reasons the server remembers for the status
// page; older ones read as "ended in state failed", which the database still says.
const maxFailures = 1000

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
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.slots }()
		s.runCheck(id, u)
	}()
	return id, true, nil
}

// runCheck checks u and stores it in run id, as `provcheck check` does. Why a check
// failed is remembered before its run is marked failed, so the status page that sees
// the state can say why.
func (s *Server) runCheck(id int64, u string) {
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.CheckTimeout)
	defer cancel()
	fail := func(err error) {
		s.log.Warn("check failed", "run", id, "url", u, "err", err)
		s.rememberFailure(id, err.Error())
		// A fresh context: the check's own may be what ran out.
		_ = s.cfg.DB.FinishRun(context.WithoutCancel(ctx), id, store.StateFailed)
	}
	res, err := s.cfg.Check(ctx, u)
	if err != nil {
		fail(err)
		return
	}
	rec, err := checker.Record(res, res.Report())
	if err != nil {
		fail(err)
		return
	}
	if _, err := s.cfg.DB.SaveCheck(ctx, id, rec); err != nil {
		fail(fmt.Errorf("record check: %w", err))
		return
	}
	if err := s.cfg.DB.FinishRun(ctx, id, store.StateDone); err != nil {
		fail(fmt.Errorf("record run: %w", err))
	}
}

// rememberFailure keeps why check id failed, forgetting the oldest reason beyond
// maxFailures so that a server running for months does not grow without bound.
func (s *Server) rememberFailure(id int64, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[id] = msg
	s.failOrder = append(s.failOrder, id)
	if len(s.failOrder) > maxFailures {
		delete(s.failures, s.failOrder[0])
		s.failOrder = s.failOrder[1:]
	}
}

// failure is why check id failed, when the server still remembers it.
func (s *Server) failure(id int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failures[id]
}
