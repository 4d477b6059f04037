package store

import (
	"cmp"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
)

// An article's record is its report followed by the texts of its rows that the report
// carries too: each finding's message and evidence, each citation's anchor and sentence.
// It is stored as one zstd frame (articles.report_zstd) with the report's length in it
// (articles.report_bytes), and the rows keep '' and NULL in place of those texts. Coming
// after the report, which holds the same words, the texts compress to little more than
// references to it: on real pages, about 9 KB of plain text an article in the rows became
// a few hundred bytes of the record.
//
// After the report come two sections, the findings' (in the order of findings.id) and
// the citations' (in the order of citations.idx), each a uvarint count of entries and
// then, for each entry, its two texts, each a uvarint length and its bytes. An empty
// evidence is none.

// packRecord returns the stored form of an article's record and the report's length in it.
func (c *bodyCodec) packRecord(report []byte, fs []Finding, cs []Citation) ([]byte, int) {
	b := slices.Clip(report) // appending copies: report is the caller's
	b = binary.AppendUvarint(b, uint64(len(fs)))
	for _, f := range fs {
		b = appendText(b, f.Message)
		b = appendText(b, string(f.Evidence))
	}
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for _, ci := range byIndex(cs) {
		b = appendText(b, ci.Anchor)
		b = appendText(b, ci.Sentence)
	}
	return c.records.EncodeAll(b, make([]byte, 0, len(b)/4)), len(report)
}

func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// byIndex returns cs in the order of their Index (the order of citations.idx).
func byIndex(cs []Citation) []Citation {
	if slices.IsSortedFunc(cs, func(a, b Citation) int { return cmp.Compare(a.Index, b.Index) }) {
		return cs
	}
	sorted := slices.Clone(cs)
	slices.SortStableFunc(sorted, func(a, b Citation) int { return cmp.Compare(a.Index, b.Index) })
	return sorted
}

// storedReport is an article's report as its row holds it: plain in rows written before
// reports were compressed (packed NULL), compressed alone in rows written before the
// record (reportBytes NULL), or as the head of the record since.
type storedReport struct {
	plain, packed []byte
	reportBytes   sql.NullInt64
}

// isRecord says whether the row holds a record, and its findings' and citations' rows
// left their texts to it.
func (r storedReport) isRecord() bool { return r.reportBytes.Valid }

// recordTexts are the texts of a record after its report: per finding its message and
// evidence, per citation its anchor and sentence.
type recordTexts struct {
	findings, citations [][2][]byte
}

// unpack returns the report of a row and, when the row holds a record, the texts after it.
func (c *bodyCodec) unpack(r storedReport) (report []byte, texts recordTexts, err error) {
	if r.packed == nil {
		return r.plain, texts, nil
	}
	b, err := c.dec.DecodeAll(r.packed, nil)
	if err != nil {
		return nil, texts, fmt.Errorf("store: decompress report: %w", err)
	}
	if !r.isRecord() {
		return b, texts, nil
	}
	n := r.reportBytes.Int64
	if n < 0 || n > int64(len(b)) {
		return nil, texts, fmt.Errorf("store: report of %d bytes in a record of %d: %w", n, len(b), ErrInvalid)
	}
	rest := b[n:]
	if texts.findings, rest, err = readSection(rest); err != nil {
		return nil, texts, fmt.Errorf("store: findings' texts: %w", err)
	}
	if texts.citations, rest, err = readSection(rest); err != nil {
		return nil, texts, fmt.Errorf("store: citations' texts: %w", err)
	}
	if len(rest) > 0 {
		return nil, texts, fmt.Errorf("store: %d bytes after the record: %w", len(rest), ErrInvalid)
	}
	return b[:n:n], texts, nil
}

// report returns the report of a row alone, in memory of its own: a run's reports are
// held together, and the texts after each need not be.
func (c *bodyCodec) report(r storedReport) ([]byte, error) {
	report, _, err := c.unpack(r)
	if err != nil || !r.isRecord() {
		return report, err
	}
	return slices.Clone(report), nil
}

// readSection reads a section of a record (see [bodyCodec.packRecord]) from the head of b
// and returns its entries and what follows it. The entries share b's memory.
func readSection(b []byte) ([][2][]byte, []byte, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) { // each entry takes at least one byte
		return nil, nil, fmt.Errorf("damaged count: %w", ErrInvalid)
	}
	b = b[k:]
	entries := make([][2][]byte, n)
	for i := range entries {
		for j := range entries[i] {
			l, k := binary.Uvarint(b)
			if k <= 0 || l > uint64(len(b)-k) {
				return nil, nil, fmt.Errorf("entry %d of %d is cut short: %w", i+1, n, ErrInvalid)
			}
			entries[i][j] = b[k : k+int(l) : k+int(l)]
			b = b[k+int(l):]
		}
	}
	return entries, b, nil
}
