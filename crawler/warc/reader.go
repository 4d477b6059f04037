package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Limits of the reader. A record beyond them is refused with [ErrTooLarge] rather than
// read into memory.
const (
	maxHeaderBytes = 256 << 10
	// MaxBlock is the longest record block the reader accepts.
	MaxBlock = 256 << 20
)

// Reader reads the records of one WARC file: uncompressed, one gzip member per record,
// or several records (up to all of them) sharing one gzip member.
type Reader struct {
	cr  *countingReader
	br  *bufio.Reader
	gz  *gzip.Reader
	zbr *bufio.Reader // the open gzip member's decompressed bytes; nil between members
	// member is the file offset of the open gzip member, index the number of records
	// already read from it.
	member int64
	index  int
	read   int        // records returned
	skips  []Location // bytes between uncompressed records that were not a record
	err    error      // sticky
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// NewReader returns a reader of the records in r, which starts at a record boundary.
func NewReader(r io.Reader) *Reader {
	cr := &countingReader{r: r}
	return &Reader{cr: cr, br: bufio.NewReader(cr)}
}

// pos is the file offset of the next unread compressed (or plain) byte. The gzip
// decompressor reads through br, a ByteReader, so it never reads past its member.
func (r *Reader) pos() int64 { return r.cr.n - int64(r.br.Buffered()) }

// Next returns the next record and where it lies in the file (Location.File is empty),
// or io.EOF after the last one. After an error every later call returns it again: an
// unreadable record leaves no reliable boundary to resume from.
func (r *Reader) Next() (*Record, Location, error) {
	if r.err != nil {
		return nil, Location{}, r.err
	}
	rec, loc, err := r.next()
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || (err != io.EOF && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrMalformed)) {
			err = fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		r.err = err
	}
	return rec, loc, err
}

func (r *Reader) next() (*Record, Location, error) {
	for {
		if r.zbr != nil {
			if r.index == 0 {
				// An empty member (or one of blank lines) holds no record: step over it.
				if err := skipBlank(r.zbr); err == io.EOF {
					r.zbr = nil
					continue
				} else if err != nil {
					return nil, Location{}, err
				}
			}
			return r.nextInMember()
		}
		// Skip blank lines between records, which some writers leave.
		if err := skipBlank(r.br); err != nil {
			return nil, Location{}, err // io.EOF at a clean end
		}
		start := r.pos()
		magic, _ := r.br.Peek(2)
		if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
			if err := r.resync(); err != nil {
				return nil, Location{}, err
			}
			start = r.pos()
			rec, err := readRecord(r.br)
			if err != nil {
				return nil, Location{}, err
			}
			r.read++
			return rec, Location{Offset: start, Length: r.pos() - start}, nil
		}
		if r.gz == nil {
			gz, err := gzip.NewReader(r.br)
			if err != nil {
				return nil, Location{}, err
			}
			r.gz = gz
		} else if err := r.gz.Reset(r.br); err != nil {
			return nil, Location{}, err
		}
		r.gz.Multistream(false)
		r.zbr = bufio.NewReader(r.gz)
		r.member, r.index = start, 0
	}
}

// nextInMember reads the next record of the open gzip member, which is not at its end,
// and closes the member when nothing but blank lines follows the record, so that a record
// alone in its member gets the member's exact length.
func (r *Reader) nextInMember() (*Record, Location, error) {
	rec, err := readRecord(r.zbr)
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, Location{}, err
	}
	loc := Location{Offset: r.member, Index: r.index}
	r.index++
	r.read++
	switch err := skipBlank(r.zbr); err {
	case io.EOF: // the member ended and its checksum matched
		r.zbr = nil
	case nil: // another record follows in the same member
	default:
		return nil, Location{}, err
	}
	loc.Length = r.pos() - r.member
	return rec, loc, nil
}

// resync steps over lines that do not start a record, when a record has been read
// before: a record whose Content-Length is too small leaves the rest of its block
// behind, and warcio, jwarc and webarchive-commons read on from the next version line, as
// we do. What was skipped is kept for [Reader.Skipped]. At the start of the input, or
// when no record follows, nothing is skipped and readRecord reports the bad line.
func (r *Reader) resync() error {
	if r.read == 0 || startsRecord(r.br) {
		return nil
	}
	start := r.pos()
	for !startsRecord(r.br) {
		if _, err := r.br.ReadSlice('\n'); err == io.EOF {
			return fmt.Errorf("%w: %d bytes after the last record are not a record", ErrMalformed, r.pos()-start)
		} else if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
	r.skips = append(r.skips, Location{Offset: start, Length: r.pos() - start})
	return nil
}

func startsRecord(br *bufio.Reader) bool {
	b, _ := br.Peek(8)
	return bytes.Equal(b, []byte("WARC/1.0")) || bytes.Equal(b, []byte("WARC/1.1"))
}

// Skipped returns the spans of the input, between records, that held no record and were
// stepped over; a reader of evidence treats any as damage.
func (r *Reader) Skipped() []Location { return r.skips }

// skipBlank consumes CR and LF bytes; it returns io.EOF when br has nothing else.
func skipBlank(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return err
		}
		if b[0] != '\r' && b[0] != '\n' {
			return nil
		}
		_, _ = br.ReadByte()
	}
}

// readRecord reads one uncompressed record: version line, named fields, block, and the
// "\r\n\r\n" end marker (or as much of it as there is).
func readRecord(br *bufio.Reader) (*Record, error) {
	read := 0
	line := func() (string, error) {
		var b []byte
		for {
			frag, err := br.ReadSlice('\n')
			b = append(b, frag...)
			read += len(frag)
			if read > maxHeaderBytes {
				return "", fmt.Errorf("%w: header over %d bytes", ErrTooLarge, maxHeaderBytes)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				if err == io.EOF && len(b) > 0 {
					err = io.ErrUnexpectedEOF
				}
				return "", err
			}
			return strings.TrimRight(string(b), "\r\n"), nil
		}
	}
	version, err := line()
	if err != nil {
		return nil, err
	}
	if version != "WARC/1.1" && version != "WARC/1.0" {
		return nil, fmt.Errorf("%w: version line %q", ErrMalformed, truncate(version))
	}
	rec := &Record{}
	for {
		l, err := line()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if l == "" {
			break
		}
		if (l[0] == ' ' || l[0] == '\t') && len(rec.Header) > 0 { // folded continuation
			rec.Header[len(rec.Header)-1].Value += " " + strings.TrimSpace(l)
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("%w: field line %q", ErrMalformed, truncate(l))
		}
		rec.Header = append(rec.Header, Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	n, err := strconv.ParseInt(rec.Header.Get("Content-Length"), 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%w: Content-Length %q", ErrMalformed, truncate(rec.Header.Get("Content-Length")))
	}
	if n > MaxBlock {
		return nil, fmt.Errorf("%w: block of %d bytes", ErrTooLarge, n)
	}
	// Read what is there rather than allocate what the header claims.
	block, err := io.ReadAll(io.LimitReader(br, n))
	if err != nil {
		return nil, err
	}
	if int64(len(block)) != n {
		return nil, io.ErrUnexpectedEOF
	}
	rec.Block = block
	// The end marker; tolerate it missing at the very end of a file.
	for range 4 {
		b, err := br.Peek(1)
		if err != nil || (b[0] != '\r' && b[0] != '\n') {
			break
		}
		_, _ = br.ReadByte()
	}
	return rec, nil
}

func truncate(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// ReadAt reads the record at offset in the file at path: the first record of the gzip
// member there, or the uncompressed record there.
func ReadAt(path string, offset int64) (*Record, error) {
	return ReadLocation(Location{File: path, Offset: offset})
}

// ReadLocation reads the record at loc: record loc.Index of what starts at loc.Offset in
// loc.File.
func ReadLocation(loc Location) (*Record, error) {
	f, err := os.Open(loc.File)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(loc.Offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("warc: %s: %w", loc.File, err)
	}
	rec, err := ReadIndex(f, loc.Index)
	if err != nil {
		return nil, fmt.Errorf("warc: %s at %d#%d: %w", loc.File, loc.Offset, loc.Index, err)
	}
	return rec, nil
}

// ReadIndex reads record index (from 0) of r, which starts at a record boundary; the end
// of r before it is io.ErrUnexpectedEOF.
func ReadIndex(r io.Reader, index int) (*Record, error) {
	rd := NewReader(r)
	for i := 0; ; i++ {
		rec, _, err := rd.Next()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		if i == index {
			return rec, nil
		}
	}
}
