package warc

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Options tune a [Writer]. The zero value works.
type Options struct {
	// MaxFileSize rotates to a new file once the current one has reached this many bytes
	// (compressed, on disk); 0 means 1 GiB. Records written together are never split.
	MaxFileSize int64
	// Prefix starts every file name; "" means "provcheck".
	Prefix string
	// Software names the writer in each file's warcinfo record; "" means "provcheck".
	Software string
	// Buffer, when positive, keeps up to that many bytes of whole records in memory and
	// writes them to the file in one system call when full, at Flush, at rotation and at
	// Close; 0 writes each record at once. A record is in its file only after Flush: whoever
	// reads a record back, or stores its location where another process may read it,
	// flushes first. A failed write loses what was buffered, and then every later Write
	// and Flush fails, so that no location of a lost record is stored after it.
	Buffer int
}

// Location is where a record was written.
type Location struct {
	File   string // path of the WARC file, as the writer's directory was given, joined with the file name
	Offset int64  // byte offset of the record's gzip member (or of the uncompressed record) in the file
	Length int64  // bytes of the file read up to the record's end: the member's compressed length when the record is alone in it
	// Index counts the records before this one in the same gzip member (0 for the first).
	// It is 0 for every record this package writes; other writers put several records,
	// or a whole file, in one member.
	Index int
}

// Writer appends records to gzip-per-record WARC files in a directory, rotating at
// Options.MaxFileSize. It is safe for concurrent use; the records of one Write call stay
// together, in order, in one file.
type Writer struct {
	dir  string
	opts Options

	// zws holds idle gzip writers for compressing records outside mu, so that concurrent
	// writers compress in parallel and hold the lock only to append. It is a free list of
	// its own, not a sync.Pool: a new writer costs 1.2 MB and half a millisecond, and a
	// pool lets the garbage collector take its idle writers, which in an audit (a
	// collection every few milliseconds) made records pay for new ones again and again.
	zws chan *gzip.Writer
	// stored holds idle writers of stored (uncompressed) members, for small records.
	stored chan *gzip.Writer

	mu      sync.Mutex
	f       *os.File
	name    string
	size    int64  // of the current file, buffered records included
	pending []byte // buffered records, not yet in the file (Options.Buffer)
	lost    error  // set when a failed write lost buffered records
	serial  int
	closed  bool
}

// NewWriter returns a writer of WARC files in dir, which it creates if needed. Files are
// created on the first Write.
func NewWriter(dir string, opts Options) (*Writer, error) {
	if dir == "" {
		return nil, errors.New("warc: writer: empty directory")
	}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = 1 << 30
	}
	if opts.Prefix == "" {
		opts.Prefix = "provcheck"
	}
	if opts.Software == "" {
		opts.Software = "provcheck"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("warc: writer: %w", err)
	}
	return &Writer{dir: dir, opts: opts, zws: make(chan *gzip.Writer, 2*runtime.GOMAXPROCS(0)),
		stored: make(chan *gzip.Writer, 2*runtime.GOMAXPROCS(0))}, nil
}

// Dir is the directory the writer writes to.
func (w *Writer) Dir() string { return w.dir }

// Write appends records, each as its own gzip member, and returns where each went.
func (w *Writer) Write(recs ...*Record) ([]Location, error) {
	members := make([][]byte, len(recs))
	for i, r := range recs {
		m, err := w.member(r)
		if err != nil {
			return nil, err
		}
		members[i] = m
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil, ErrClosed
	}
	if w.lost != nil {
		return nil, w.lost
	}
	if w.f != nil && w.size >= w.opts.MaxFileSize {
		if err := w.closeFile(); err != nil {
			return nil, err
		}
	}
	if w.f == nil {
		if err := w.openFile(); err != nil {
			return nil, err
		}
	}
	locs := make([]Location, 0, len(recs))
	for _, m := range members {
		loc, err := w.appendMember(m)
		if err != nil {
			return locs, err
		}
		locs = append(locs, loc)
	}
	return locs, nil
}

// memberLevel is the gzip level of a member. On the 90 pages of the extraction benchmark,
// level 3 compresses twice as fast as the default (5) into 9% more bytes; compressing
// evidence was 10-17% of an audit's CPU at the default.
const memberLevel = 3

// storedBelow is the size under which a record is written as a stored member, not
// compressed. Compressing a member has a fixed cost of building its Huffman tables, about
// 20 µs whatever its size: a request record or a small page's response (under a
// kilobyte) took as long to compress as 20 KB of text, for a few hundred bytes saved. On
// the simple bench web, where every record is that small, compressing was a tenth of the
// audit's CPU.
const storedBelow = 2 << 10

// member completes r's header and returns it as one gzip member.
func (w *Writer) member(r *Record) ([]byte, error) {
	if r.ID() == "" {
		r.Header.Add("WARC-Record-ID", NewID())
	}
	if r.Header.Get("WARC-Date") == "" {
		r.Header.Add("WARC-Date", FormatDate(time.Now()))
	}
	if r.Header.Get("WARC-Block-Digest") == "" {
		r.Header.Add("WARC-Block-Digest", Digest(r.Block))
	}
	// The head, the block and the end go to the compressor in turn: the block, a whole
	// page, is not copied into one buffer with them first.
	var head bytes.Buffer
	r.marshalHead(&head)
	size := head.Len() + len(r.Block) + len(recordEnd)
	pool, level, guess := w.zws, memberLevel, size/3
	if size < storedBelow {
		pool, level, guess = w.stored, gzip.NoCompression, size
	}
	var out bytes.Buffer
	out.Grow(guess + 64)
	var zw *gzip.Writer
	select {
	case zw = <-pool:
		zw.Reset(&out)
	default:
		zw, _ = gzip.NewWriterLevel(&out, level) // a valid level: no error
	}
	defer func() {
		select {
		case pool <- zw:
		default: // as many idle as can run at once are enough
		}
	}()
	for _, part := range [][]byte{head.Bytes(), r.Block, []byte(recordEnd)} {
		if _, err := zw.Write(part); err != nil {
			return nil, fmt.Errorf("warc: compress %s: %w", r.TargetURI(), err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("warc: compress %s: %w", r.TargetURI(), err)
	}
	return out.Bytes(), nil
}

// appendMember writes one gzip member at the end of the current file, or buffers it;
// w.mu is held.
func (w *Writer) appendMember(m []byte) (Location, error) {
	loc := Location{File: w.name, Offset: w.size, Length: int64(len(m))}
	if w.opts.Buffer > 0 {
		if len(w.pending)+len(m) > w.opts.Buffer {
			if err := w.flushLocked(); err != nil {
				return Location{}, err
			}
		}
		if len(m) < w.opts.Buffer {
			w.pending = append(w.pending, m...)
			w.size += int64(len(m))
			return loc, nil
		}
	}
	if err := w.writeAt(m, loc.Offset); err != nil {
		return Location{}, err
	}
	w.size += int64(len(m))
	return loc, nil
}

// writeAt writes whole members at the end of the file, which is start bytes long; w.mu is
// held. A cut gzip member would make the rest of the file unreadable: when the write
// fails, the file is cut back to start and closed, so that the next record starts a new
// one.
func (w *Writer) writeAt(b []byte, start int64) error {
	if _, err := w.f.Write(b); err != nil {
		_ = w.f.Truncate(start)
		_ = w.f.Close()
		w.f = nil
		return fmt.Errorf("warc: write %s: %w", w.name, err)
	}
	return nil
}

// Flush writes the buffered records to their file (see Options.Buffer).
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lost != nil {
		return w.lost
	}
	return w.flushLocked()
}

// flushLocked writes the buffered records; w.mu is held. When the write fails (see
// writeAt), the writer refuses more.
func (w *Writer) flushLocked() error {
	if len(w.pending) == 0 || w.f == nil {
		return nil
	}
	start := w.size - int64(len(w.pending))
	err := w.writeAt(w.pending, start)
	w.pending = w.pending[:0]
	if err != nil {
		w.lost = fmt.Errorf("%w (the records buffered since offset %d are lost)", err, start)
		return w.lost
	}
	return nil
}

// openFile creates the next file and writes its warcinfo record. Names are
// PREFIX-YYYYMMDDhhmmss-SERIAL-RANDOM.warc.gz: sortable by time, unique across processes.
func (w *Writer) openFile() error {
	w.serial++
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	now := time.Now().UTC()
	base := fmt.Sprintf("%s-%s-%05d-%s.warc.gz", w.opts.Prefix, now.Format("20060102150405"), w.serial, hex.EncodeToString(rnd[:]))
	name := filepath.Join(w.dir, base)
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("warc: create file: %w", err)
	}
	w.f, w.name, w.size = f, name, 0
	var info Header
	info.Add("software", w.opts.Software)
	info.Add("format", "WARC File Format 1.1")
	info.Add("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
	if host, err := os.Hostname(); err == nil {
		info.Add("hostname", host)
	}
	info.Add("pid", strconv.Itoa(os.Getpid()))
	rec := New(TypeWarcinfo, "", now, ContentTypeFields, Fields(info))
	rec.Header.Add("WARC-Filename", base)
	m, err := w.member(rec)
	if err == nil {
		_, err = w.appendMember(m)
	}
	if err != nil {
		_ = w.closeFile()
		return err
	}
	return nil
}

func (w *Writer) closeFile() error {
	if w.f == nil {
		return nil
	}
	ferr := w.flushLocked()
	err := w.f.Close()
	w.f = nil
	if ferr != nil {
		return ferr
	}
	if err != nil {
		return fmt.Errorf("warc: close %s: %w", w.name, err)
	}
	return nil
}

// Close closes the current file. Later writes fail with [ErrClosed].
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	return w.closeFile()
}
