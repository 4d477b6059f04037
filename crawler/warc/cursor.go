package warc

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// recentRecords is how many records a [Cursor] keeps after reading them, so that
// requests arriving slightly out of order (several workers taking items in turn) are
// served without reading the member again.
const recentRecords = 16

// Cursor reads records of one WARC file by location. Records that share one gzip member
// (another writer's whole file in one member, say) can only be reached by decompressing
// the member from its start; the cursor keeps that member open where it stopped, so that
// reading its records in order costs one pass over the member rather than one pass per
// record. It is safe for concurrent use; Close it to close the file.
type Cursor struct {
	path string

	mu     sync.Mutex
	f      *os.File
	rd     *Reader // nil until a record that shares a member is asked for
	member int64   // the file offset of the member rd is in
	next   int     // the index, in that member, of the record rd reads next
	recent []located
}

type located struct {
	offset int64
	index  int
	rec    *Record
}

// NewCursor returns a cursor over the WARC file at path; the file is opened on first use.
func NewCursor(path string) *Cursor { return &Cursor{path: path} }

// Read returns the record at (offset, index) of the cursor's file, as [ReadLocation]
// reads it. A record alone at its offset (index 0) is read directly.
func (c *Cursor) Read(offset int64, index int) (*Record, error) {
	if index == 0 {
		return ReadLocation(Location{File: c.path, Offset: offset})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, r := range c.recent {
		if r.offset == offset && r.index == index {
			return r.rec, nil
		}
	}
	rec, err := c.advance(offset, index)
	if err != nil {
		c.rd = nil // start again from the member's beginning next time
		return nil, fmt.Errorf("warc: %s at %d#%d: %w", c.path, offset, index, err)
	}
	return rec, nil
}

// advance reads on to record index of the member at offset, reopening the member when
// the cursor is elsewhere or already past it.
func (c *Cursor) advance(offset int64, index int) (*Record, error) {
	if c.f == nil {
		f, err := os.Open(c.path)
		if err != nil {
			return nil, err
		}
		c.f = f
	}
	if c.rd == nil || c.member != offset || c.next > index {
		if _, err := c.f.Seek(offset, io.SeekStart); err != nil {
			return nil, err
		}
		c.rd, c.member, c.next = NewReader(c.f), offset, 0
	}
	for {
		rec, loc, err := c.rd.Next()
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		if loc.Offset != 0 {
			// The reader left the member (its offsets count from the member's start).
			return nil, errors.New("the gzip member holds fewer records")
		}
		i := c.next
		c.next++
		c.keep(located{offset: offset, index: i, rec: rec})
		if i == index {
			return rec, nil
		}
	}
}

func (c *Cursor) keep(r located) {
	if len(c.recent) == recentRecords {
		copy(c.recent, c.recent[1:])
		c.recent = c.recent[:recentRecords-1]
	}
	c.recent = append(c.recent, r)
}

// Close closes the cursor's file. A closed cursor opens it again when used.
func (c *Cursor) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rd, c.recent = nil, nil
	if c.f == nil {
		return nil
	}
	err := c.f.Close()
	c.f = nil
	return err
}
