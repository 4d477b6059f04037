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

// Reader reads the records of one WARC file, plain or gzip per record.
type Reader struct {
	cr  *countingReader
	br  *bufio.Reader
	gz  *gzip.Reader
	err error // sticky
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

func (r *Reader) pos() int64 { return r.cr.n - int64(r.br.Buffered()) }

// Next returns the next record and where it lies in the file (Location.File is empty),
// or io.EOF after the last one.
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
	// Skip blank lines between records, which some writers leave.
	for {
		b, err := r.br.Peek(1)
		if err != nil {
			return nil, Location{}, err // io.EOF at a clean end
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		_, _ = r.br.ReadByte()
	}
	start := r.pos()
	magic, _ := r.br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
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
		zbr := bufio.NewReader(r.gz)
		rec, err := readRecord(zbr)
		if err != nil {
			return nil, Location{}, err
		}
		// The rest of the member is the record's end marker; anything more is an error
		// but reading it keeps the offsets right.
		rest, err := io.ReadAll(io.LimitReader(zbr, 1<<10))
		if err != nil {
			return nil, Location{}, err
		}
		if len(bytes.TrimLeft(rest, "\r\n")) > 0 {
			return nil, Location{}, fmt.Errorf("%w: data after the end of the record", ErrMalformed)
		}
		if _, err := io.Copy(io.Discard, io.LimitReader(r.gz, 1)); err != nil {
			return nil, Location{}, err
		}
		return rec, Location{Offset: start, Length: r.pos() - start}, nil
	}
	rec, err := readRecord(r.br)
	if err != nil {
		return nil, Location{}, err
	}
	return rec, Location{Offset: start, Length: r.pos() - start}, nil
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

// ReadAt reads the record at offset in the file at path.
func ReadAt(path string, offset int64) (*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("warc: %w", err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, fmt.Errorf("warc: %s: %w", path, err)
	}
	rec, _, err := NewReader(f).Next()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("warc: %s at %d: %w", path, offset, err)
	}
	return rec, nil
}
