package checker

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/warc"
)

// Bounds of the captures a captureBatch holds.
const (
	// captureBatchSize is how many held captures are written on their own, without
	// waiting for an article: memory stays bounded however long no article finishes.
	captureBatchSize = 512
	// captureHoldMax is how many it keeps when writing them fails; beyond it the oldest
	// are dropped, as a failed write dropped a fetch's captures before they were held.
	captureHoldMax = 8 * captureBatchSize
)

// captureBatch is the evidence index (crawler.Index) of a session that records: it holds
// the captures the crawler records and writes many fetches' in one transaction, that of
// the next article stored ([store.Check.Captures]), or on their own once
// captureBatchSize are held, or when sync is called. A commit of its own for each fetch
// was most of the database's work in an audit with evidence.
//
// Its lookups see held captures as if they were stored. An article's report refers to
// its captures, so every capture held when an article is stored commits with it; what is
// held when the session closes is written then.
type captureBatch struct {
	db *store.Store
	// evidence is the WARC writer whose records are captured, flushed before their
	// captures are committed (nil: none to flush).
	evidence *warc.Writer
	// captured, when the database held no capture as the session began (fresh), holds the
	// hashed URLs and kinds the session captured (its contents under mu). A URL the
	// session has not captured then has no capture to find and is not looked up: a query
	// per fetch, for nothing, on a new database (the simple bench web's audit took 4.15 s
	// of CPU with them, 3.42 s without). A capture another process stores meanwhile is not
	// found: the page is fetched as it would have been.
	captured map[uint64]struct{}
	seed     maphash.Seed

	mu   sync.Mutex
	held []store.Capture // oldest first
	// taken counts the captures taken off held since the batch began, so that held[0] is
	// capture number taken: a write that took captures up to number n drops them from
	// held once committed, whatever was added meanwhile.
	taken uint64
	// writing is held by whoever writes held captures, from taking them to dropping
	// them: one transaction at a time, so that none is written twice, and none leaves
	// held (where lookups find it) before its commit.
	writing sync.Mutex
}

func newCaptureBatch(ctx context.Context, db *store.Store, evidence *warc.Writer) (*captureBatch, error) {
	has, err := db.HasCaptures(ctx)
	if err != nil {
		return nil, err
	}
	b := &captureBatch{db: db, evidence: evidence, seed: maphash.MakeSeed()}
	if !has {
		b.captured = map[uint64]struct{}{}
	}
	return b, nil
}

// fresh says the database held no capture when the session began.
func (b *captureBatch) fresh() bool { return b.captured != nil }

// key is the hash of a capture's URL and kind.
func (b *captureBatch) key(url, kind string) uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	h.WriteString(kind)
	h.WriteByte(0)
	h.WriteString(url)
	return h.Sum64()
}

// AddCaptures holds caps, to be written later; past captureBatchSize it writes all it
// holds, unless a write is under way. A capture that could not be stored is refused with
// the rest of caps, as the database would refuse their transaction.
func (b *captureBatch) AddCaptures(ctx context.Context, caps []crawler.Capture) error {
	add := make([]store.Capture, len(caps))
	for i, c := range caps {
		sc := store.Capture(c)
		// As stored: UTC, no monotonic reading, so that held and stored compare alike.
		sc.FetchedAt = sc.FetchedAt.UTC()
		if err := sc.Validate(); err != nil {
			return err
		}
		add[i] = sc
	}
	b.mu.Lock()
	b.held = append(b.held, add...)
	if b.fresh() {
		for _, c := range add {
			b.captured[b.key(c.URL, c.Kind)] = struct{}{}
		}
	}
	full := len(b.held) >= captureBatchSize
	b.mu.Unlock()
	if !full || !b.writing.TryLock() {
		return nil
	}
	defer b.writing.Unlock()
	if err := b.write(ctx); err != nil {
		if n := b.trim(); n > 0 {
			return fmt.Errorf("%w (%d captures dropped unwritten)", err, n)
		}
		return err
	}
	return nil
}

// LatestCapture is the newest capture of kind for url, held or stored: latest fetched_at,
// then the latest added, as the store orders them (a held capture would be stored after
// every stored one).
func (b *captureBatch) LatestCapture(ctx context.Context, url, kind string) (crawler.Capture, bool, error) {
	held, ok, mayBeStored := b.latestHeld(url, kind)
	if !mayBeStored {
		return crawler.Capture(held), ok, nil
	}
	stored, found, err := captureIndex{db: b.db}.LatestCapture(ctx, url, kind)
	if err != nil {
		return crawler.Capture{}, false, err
	}
	if ok && (!found || !stored.FetchedAt.After(held.FetchedAt)) {
		return crawler.Capture(held), true, nil
	}
	return stored, found, nil
}

// latestHeld is the newest held capture of kind for url, if any, and whether the database
// may hold one.
func (b *captureBatch) latestHeld(url, kind string) (_ store.Capture, ok, mayBeStored bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	mayBeStored = true
	if b.fresh() {
		_, mayBeStored = b.captured[b.key(url, kind)]
	}
	var best store.Capture
	for i := len(b.held) - 1; i >= 0; i-- {
		c := b.held[i]
		if c.URL == url && c.Kind == kind && (!ok || c.FetchedAt.After(best.FetchedAt)) {
			best, ok = c, true
		}
	}
	return best, ok, mayBeStored
}

// CaptureByRecordID is the capture of record id, held or stored.
func (b *captureBatch) CaptureByRecordID(ctx context.Context, id string) (crawler.Capture, bool, error) {
	b.mu.Lock()
	for _, c := range b.held {
		if c.RecordID == id {
			b.mu.Unlock()
			return crawler.Capture(c), true, nil
		}
	}
	b.mu.Unlock()
	return captureIndex{db: b.db}.CaptureByRecordID(ctx, id)
}

// sync writes every capture held, in a transaction of its own. It does nothing on a nil
// batch (a session without evidence or database).
func (b *captureBatch) sync(ctx context.Context) error {
	if b == nil {
		return nil
	}
	b.writing.Lock()
	defer b.writing.Unlock()
	return b.write(ctx)
}

// with runs save, which stores rec, with every capture held set as rec.Captures to
// commit in its transaction; they stay held if it fails. On a nil batch it runs save.
func (b *captureBatch) with(rec *store.Check, save func() error) error {
	if b == nil {
		return save()
	}
	b.writing.Lock()
	defer b.writing.Unlock()
	caps, upTo := b.take()
	if err := b.flush(caps); err != nil {
		return err
	}
	rec.Captures = caps
	err := save()
	rec.Captures = nil
	if err == nil {
		b.drop(upTo)
	}
	return err
}

// write writes the captures held; the caller holds b.writing.
func (b *captureBatch) write(ctx context.Context) error {
	caps, upTo := b.take()
	if len(caps) == 0 {
		return nil
	}
	if err := b.flush(caps); err != nil {
		return err
	}
	if err := b.db.SaveCaptures(ctx, caps); err != nil {
		return err
	}
	b.drop(upTo)
	return nil
}

// flush puts the records of caps in their WARC file before their locations are stored.
func (b *captureBatch) flush(caps []store.Capture) error {
	if b.evidence == nil || len(caps) == 0 {
		return nil
	}
	if err := b.evidence.Flush(); err != nil {
		return fmt.Errorf("evidence of %d captures: %w", len(caps), err)
	}
	return nil
}

// take returns a copy of the captures held and the number of the capture after them.
func (b *captureBatch) take() ([]store.Capture, uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]store.Capture(nil), b.held...), b.taken + uint64(len(b.held))
}

// drop takes the captures before number upTo off held: they are stored.
func (b *captureBatch) drop(upTo uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dropLocked(upTo)
}

func (b *captureBatch) dropLocked(upTo uint64) {
	if upTo <= b.taken {
		return
	}
	n := min(int(upTo-b.taken), len(b.held))
	rest := copy(b.held, b.held[n:])
	clear(b.held[rest:])
	b.held, b.taken = b.held[:rest], upTo
}

// trim drops the oldest captures beyond captureHoldMax and says how many it dropped.
func (b *captureBatch) trim() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(b.held) - captureHoldMax
	if n <= 0 {
		return 0
	}
	b.dropLocked(b.taken + uint64(n))
	return n
}

// indexedStore is the database of an audit with its evidence index batched: every item
// stored commits the captures held with it. Items that finish while another is being
// stored wait and are stored together, in one transaction (see commitGroup).
type indexedStore struct {
	*store.Store
	index *captureBatch // nil: nothing held
	group *commitGroup
}

// newIndexedStore stores the items of an audit by workers at once, in groups of up to
// that many.
func newIndexedStore(db *store.Store, index *captureBatch, workers int) indexedStore {
	return indexedStore{Store: db, index: index,
		group: &commitGroup{full: workers, linger: groupLinger, more: make(chan struct{}, 1)}}
}

// groupLinger is how long the first item of a group waits for the others. The workers
// do not wait with it (an audit's worker starts its next item once it has handed its
// article over), so a longer wait costs only the commit's latency. On the simple bench
// web (8 workers, loopback) 4 ms makes groups of 4.3 articles where 1 ms made groups of
// 2.5, and a tenth fewer pages written to the log.
const groupLinger = 4 * time.Millisecond

// FinishItem stores an item's check and marks it done. It returns once the item is
// committed, with the items that were waiting with it: nothing is reported stored before
// it is.
func (s indexedStore) FinishItem(ctx context.Context, runID int64, position int, c *store.Check) (int64, error) {
	p := &pendingItem{run: runID, item: store.Finished{Position: position, Check: c}, done: make(chan struct{})}
	if s.group.add(p) {
		s.group.lead(ctx, s)
	}
	<-p.done
	return p.id, p.err
}

// commitGroup makes a group commit of the items stored at once. The first to arrive
// stores its item, and then every item that came meanwhile, a transaction at a time,
// until none is waiting; the others wait for their commit. A group never waits for items
// for more than groupLinger. On the simple bench web the commit of an article's
// transaction was a tenth of an audit's CPU (`-bench FinishItems ./checker/store/`: an
// article of its shape stored alone, in twos, fours and eights).
type commitGroup struct {
	full   int           // a group this large is stored at once (the audit's workers)
	linger time.Duration // how long the first of a smaller group waits for more
	more   chan struct{} // an item came (buffered: one is enough)

	mu      sync.Mutex
	waiting []*pendingItem
	leading bool
}

// pendingItem is an item waiting to be stored, then what came of it.
type pendingItem struct {
	run  int64
	item store.Finished
	id   int64
	err  error
	done chan struct{}
}

// gather waits until the group is full or has lingered long enough.
func (g *commitGroup) gather() {
	if g.linger <= 0 {
		return
	}
	t := time.NewTimer(g.linger)
	defer t.Stop()
	for {
		g.mu.Lock()
		n := len(g.waiting)
		g.mu.Unlock()
		if n >= g.full {
			return
		}
		select {
		case <-g.more:
		case <-t.C:
			return
		}
	}
}

// add queues p and reports whether its caller is to store the queue (no one else is).
func (g *commitGroup) add(p *pendingItem) (lead bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.waiting = append(g.waiting, p)
	select {
	case g.more <- struct{}{}:
	default:
	}
	if g.leading {
		return false
	}
	g.leading = true
	return true
}

// next takes the items waiting of the first one's run (one transaction stores one run's),
// or ends the lead when none waits.
func (g *commitGroup) next() []*pendingItem {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiting) == 0 {
		g.leading = false
		return nil
	}
	var batch, rest []*pendingItem
	for _, p := range g.waiting {
		if p.run == g.waiting[0].run {
			batch = append(batch, p)
		} else {
			rest = append(rest, p)
		}
	}
	g.waiting = rest
	return batch
}

// lead stores what waits, a batch per transaction, until nothing does.
func (g *commitGroup) lead(ctx context.Context, s indexedStore) {
	for {
		g.gather()
		batch := g.next()
		if batch == nil {
			return
		}
		items := make([]store.Finished, len(batch))
		for i, p := range batch {
			items[i] = p.item
		}
		var ids []int64
		err := s.index.with(items[0].Check, func() error {
			var err error
			ids, err = s.Store.FinishItems(ctx, batch[0].run, items)
			return err
		})
		for i, p := range batch {
			if err != nil {
				p.err = err
			} else {
				p.id = ids[i]
			}
			close(p.done)
		}
	}
}
