package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/provcheck/provcheck/checker/store"
)

// hostTables are the tables of [HostLimiter]: a row per request slot of a host, leased
// until a time, and a row per host with the earliest start of its next request. They
// hold no data worth keeping (a lease outlives its worker by its TTL at most), so they
// are created as they are, outside the store's numbered migrations.
const hostTables = `
CREATE TABLE IF NOT EXISTS provcheck_host_slots (
    host         TEXT        NOT NULL,
    slot         INTEGER     NOT NULL,
    leased_until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (host, slot)
);
CREATE TABLE IF NOT EXISTS provcheck_hosts (
    host       TEXT        PRIMARY KEY,
    next_start TIMESTAMPTZ NOT NULL
)`

// HostLimiter holds the per-host limit across every worker of every machine, as the
// crawler holds it in one process: at most InFlight requests to one host at once; with a
// Delay, one at a time, each starting Delay at least after the previous one ended.
// Leases and start times are kept in PostgreSQL (a free slot taken with FOR UPDATE SKIP
// LOCKED, start times handed out under the host's row lock) and timed by the server's
// clock, so machines need not agree on the time. A lease not released (its worker was
// killed) expires after TTL, and its late release then frees nothing.
//
// A HostLimiter is a crawler.HostGate: set as crawler.Config.HostGate, it holds the limit
// for every request of every crawler that shares its database.
type HostLimiter struct {
	db       *sql.DB
	inFlight int
	delay    time.Duration
	ttl      time.Duration
	poll     time.Duration
}

// HostLimits configures a [HostLimiter].
type HostLimits struct {
	InFlight int           // requests in flight to one host; 0 means 2; 1 with a Delay
	Delay    time.Duration // from the end of a request to the start of the next to one host
	TTL      time.Duration // how long a lease lasts unless released; 0 means 2 minutes
}

// NewHostLimiter makes a limiter in the PostgreSQL database of st.
func NewHostLimiter(ctx context.Context, st *store.Store, lim HostLimits) (*HostLimiter, error) {
	db, err := postgres(st)
	if err != nil {
		return nil, err
	}
	if err := createTables(ctx, db, hostTables); err != nil {
		return nil, fmt.Errorf("queue: host leases: %w", err)
	}
	h := &HostLimiter{db: db, inFlight: lim.InFlight, delay: lim.Delay, ttl: lim.TTL, poll: 20 * time.Millisecond}
	if h.inFlight <= 0 {
		h.inFlight = 2
	}
	if h.delay > 0 {
		h.inFlight = 1
	}
	if h.ttl <= 0 {
		h.ttl = 2 * time.Minute
	}
	return h, nil
}

// Acquire waits for a slot of host and for its turn to start, and returns the release of
// the slot, which the caller calls when the request is over; calling it again does
// nothing.
func (h *HostLimiter) Acquire(ctx context.Context, host string) (release func(), err error) {
	for {
		l, wait, ok, err := h.try(ctx, host)
		if err != nil {
			return nil, fmt.Errorf("queue: lease of %s: %w", host, err)
		}
		if !ok {
			wait = h.poll
		}
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				if ok {
					h.release(l)
				}
				return nil, ctx.Err()
			case <-t.C:
			}
		}
		if ok {
			var once sync.Once
			return func() { once.Do(func() { h.release(l) }) }, nil
		}
	}
}

// lease is one slot of a host, leased until a time: the release frees the slot only while
// the lease is still the slot's.
type lease struct {
	host  string
	slot  int
	until time.Time
}

// try takes a free slot and a start time in one statement (one round trip); ok is false
// when every slot is leased. wait is how long until the start. The host's slots are
// created the first time a try finds none.
func (h *HostLimiter) try(ctx context.Context, host string) (l lease, wait time.Duration, ok bool, err error) {
	l.host = host
	for seeded := false; ; seeded = true {
		var waitSec float64
		// The slot's row is locked first (skipping those another try holds), then the
		// host's: its row lock orders the starts, each taking the next free start time.
		err = h.db.QueryRowContext(ctx, `
			WITH s AS (
			  SELECT slot FROM provcheck_host_slots
			  WHERE host = $1 AND slot < $2 AND leased_until < clock_timestamp()
			  ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED
			), t AS (
			  INSERT INTO provcheck_hosts AS h (host, next_start)
			  SELECT $1, clock_timestamp() + make_interval(secs => $3) FROM s
			  ON CONFLICT (host) DO UPDATE
			    SET next_start = GREATEST(h.next_start, clock_timestamp()) + make_interval(secs => $3)
			  RETURNING GREATEST(0, EXTRACT(EPOCH FROM (h.next_start - make_interval(secs => $3) - clock_timestamp())))::float8 AS wait
			)
			UPDATE provcheck_host_slots AS p
			SET leased_until = clock_timestamp() + make_interval(secs => t.wait + $4)
			FROM s, t WHERE p.host = $1 AND p.slot = s.slot
			RETURNING p.slot, p.leased_until, t.wait`,
			host, h.inFlight, h.delay.Seconds(), h.ttl.Seconds()).Scan(&l.slot, &l.until, &waitSec)
		if err == nil {
			return l, time.Duration(waitSec * float64(time.Second)), true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return l, 0, false, err
		}
		if seeded {
			return l, 0, false, nil
		}
		res, err := h.db.ExecContext(ctx,
			`INSERT INTO provcheck_host_slots (host, slot, leased_until)
			 SELECT $1, s, '-infinity' FROM generate_series(0, $2 - 1) AS s
			 ON CONFLICT DO NOTHING`, host, h.inFlight)
		if err != nil {
			return l, 0, false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return l, 0, false, err // every slot there, and leased
		}
	}
}

// release frees the slot of l, unless its lease expired and the slot went to another,
// and puts the host's next start Delay after now, in one statement; a failure leaves the
// slot to expire.
//
// It locks the slot's row before the host's, as acquiring does (a free slot, then the
// host): in the other order, a release whose lease had run out waited for the slot that
// a new lease had just taken while that lease waited for the host row the release held,
// and PostgreSQL broke the deadlock by failing one of them. The host row is updated only
// once freed has run, which the condition on it makes the planner do first (a one-time
// filter, evaluated before the host's row is read).
func (h *HostLimiter) release(l lease) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = h.db.ExecContext(ctx, releaseSQL, l.host, l.slot, l.until, h.delay.Seconds())
}

const releaseSQL = `
	WITH freed AS (
	  UPDATE provcheck_host_slots SET leased_until = '-infinity'
	  WHERE host = $1 AND slot = $2 AND leased_until = $3
	  RETURNING slot
	)
	UPDATE provcheck_hosts SET next_start = GREATEST(next_start, clock_timestamp() + make_interval(secs => $4))
	WHERE host = $1 AND (SELECT count(*) FROM freed) >= 0`
