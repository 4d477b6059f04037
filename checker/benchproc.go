package checker

import (
	"cmp"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"time"

	"github.com/provcheck/provcheck/crawler/render"
)

// benchProcesses works a bench's run with cfg.Processes worker processes of the
// provcheck executable, started here against the session's PostgreSQL database, and
// times the run from its jobs' enqueueing until no item is pending.
func (s *Session) benchProcesses(ctx context.Context, cfg BenchConfig, run AuditRun, addr net.Addr) (AuditStats, error) {
	if !s.Queued() {
		return AuditStats{}, InputError(fmt.Errorf("--processes needs a PostgreSQL database (--db postgres://…)"))
	}
	if cfg.Executable == "" {
		return AuditStats{}, fmt.Errorf("bench: no provcheck executable to start workers from")
	}
	warcDir, err := os.MkdirTemp("", "provcheck-bench-warc-")
	if err != nil {
		return AuditStats{}, fmt.Errorf("bench: %w", err)
	}
	defer os.RemoveAll(warcDir)
	args := []string{"worker", "--db", cfg.DBPath, "--allow-private", "--no-archive", "--warc-dir", warcDir,
		"--workers", strconv.Itoa(max(cfg.Workers, 1)), "--depth", strconv.Itoa(max(cfg.Depth, 1)),
		"--render", string(cmp.Or(cfg.Render, render.ModeNever))}
	for _, host := range cfg.Web.Hosts() {
		args = append(args, "--resolve", host+":80:"+addr.String())
	}
	started := time.Now()
	if _, err := s.Enqueue(ctx, run); err != nil {
		return AuditStats{}, err
	}
	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			_ = p.Process.Signal(syscall.SIGTERM)
		}
		for _, p := range procs {
			_ = p.Wait()
		}
	}()
	for range cfg.Processes {
		p := exec.CommandContext(ctx, cfg.Executable, args...)
		p.Stderr = os.Stderr
		if err := p.Start(); err != nil {
			return AuditStats{}, fmt.Errorf("bench: start a worker: %w", err)
		}
		procs = append(procs, p)
	}
	for {
		p, err := s.db.RunProgress(ctx, run.ID)
		if err != nil {
			return AuditStats{}, err
		}
		if p.Pending == 0 {
			return AuditStats{Done: p.Done, Failed: p.Failed, Took: time.Since(started)}, nil
		}
		select {
		case <-ctx.Done():
			return AuditStats{}, fmt.Errorf("bench: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
