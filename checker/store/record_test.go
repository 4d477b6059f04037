package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// reportOf makes the JSON report a checker would make of c: one that carries the texts
// of its findings and citations, as the real report does.
func reportOf(t testing.TB, c *Check) []byte {
	t.Helper()
	type finding struct {
		Rule, Message string
		Evidence      json.RawMessage `json:",omitempty"`
	}
	type citation struct{ Anchor, Sentence string }
	var r struct {
		URL       string
		Findings  []finding
		Citations []citation
	}
	r.URL = c.URL
	for _, f := range c.Findings {
		r.Findings = append(r.Findings, finding{f.Rule, f.Message, f.Evidence})
	}
	for _, ci := range c.Citations {
		r.Citations = append(r.Citations, citation{ci.Anchor, ci.Sentence})
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// recordCheck makes a check whose findings and citations have texts of their own.
func recordCheck(t testing.TB, url string, findings, citations int) *Check {
	c := makeCheck(url, "record", t0, shape{fetches: 2, bodySize: 1 << 10, citations: citations, findings: findings})
	for i := range c.Findings {
		c.Findings[i].Message = fmt.Sprintf("altered: “fair” → original says “just” (quote %d)", i)
		if c.Findings[i].Evidence != nil {
			c.Findings[i].Evidence = fmt.Appendf(nil, `{"source_url":"https://ministry.example/t/%d","passage":"a multipolar, just, democratic world order %d","passage_start":%d}`, i, i, 100*i)
		}
	}
	for i := range c.Citations {
		c.Citations[i].Anchor = fmt.Sprintf("the transcript %d", i)
		c.Citations[i].Sentence = fmt.Sprintf("The minister called for a “fair” world order, the transcript %d shows.", i)
	}
	c.Report = reportOf(t, c)
	return c
}

// rowTexts reads the texts the findings' and citations' rows of article id hold.
func rowTexts(t testing.TB, s *Store, id int64) (findings, citations [][2]string) {
	t.Helper()
	for _, q := range []struct {
		sql string
		out *[][2]string
	}{
		{`SELECT message, COALESCE(evidence, '') FROM findings WHERE article_id = ? ORDER BY id`, &findings},
		{`SELECT anchor, sentence FROM citations WHERE article_id = ? ORDER BY idx`, &citations},
	} {
		rows, err := s.r.QueryContext(t.Context(), q.sql, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b string
			if err := rows.Scan(&a, &b); err != nil {
				t.Fatal(err)
			}
			*q.out = append(*q.out, [2]string{a, b})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return findings, citations
}

// recordOf reads the stored row of article id and unpacks it.
func recordOf(t testing.TB, s *Store, id int64) (storedReport, []byte, recordTexts) {
	t.Helper()
	var r storedReport
	if err := s.r.QueryRowContext(t.Context(), `SELECT report, report_zstd, report_bytes FROM articles WHERE id = ?`, id).
		Scan(&r.plain, &r.packed, &r.reportBytes); err != nil {
		t.Fatal(err)
	}
	report, texts, err := s.bodies.unpack(r)
	if err != nil {
		t.Fatalf("unpack article %d: %v", id, err)
	}
	return r, report, texts
}

func TestRecordRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name                string
		findings, citations int
		edit                func(c *Check)
	}{
		{name: "findings and citations", findings: 12, citations: 6},
		{name: "nothing but the report", findings: 0, citations: 0},
		{name: "no evidence at all", findings: 3, citations: 1, edit: func(c *Check) {
			for i := range c.Findings {
				c.Findings[i].Evidence = nil
			}
		}},
		{name: "citations out of index order", findings: 2, citations: 4, edit: func(c *Check) {
			slices.Reverse(c.Citations)
		}},
		{name: "empty report and texts", findings: 2, citations: 2, edit: func(c *Check) {
			c.Report = nil
			c.Findings[1].Message = ""
			c.Citations[0].Anchor, c.Citations[0].Sentence = "", ""
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			s := openTest(t)
			run := startRun(t, s)
			c := recordCheck(t, "https://news.example/record", tc.findings, tc.citations)
			if tc.edit != nil {
				tc.edit(c)
			}
			id, err := s.SaveCheck(ctx, run, c)
			if err != nil {
				t.Fatalf("SaveCheck: %v", err)
			}

			got, err := s.FindingsOf(ctx, id)
			if err != nil {
				t.Fatalf("FindingsOf: %v", err)
			}
			if !reflect.DeepEqual(got, c.Findings) {
				t.Errorf("FindingsOf = %+v\nwant %+v", got, c.Findings)
			}
			_, report, err := s.LatestArticle(ctx, c.URL)
			if err != nil || !bytes.Equal(report, c.Report) {
				t.Errorf("LatestArticle = %q, %v; want the report as saved, %q", report, err, c.Report)
			}
			reports, err := s.Reports(ctx, run)
			if err != nil || len(reports) != 1 || !bytes.Equal(reports[0], c.Report) {
				t.Errorf("Reports = %q, %v; want the report as saved", reports, err)
			}

			// The rows leave their texts to the record, which holds them in order.
			rowFindings, rowCitations := rowTexts(t, s, id)
			for i, r := range rowFindings {
				if r != [2]string{} {
					t.Errorf("finding row %d holds %q, want '' and NULL (its texts are in the record)", i, r)
				}
			}
			for i, r := range rowCitations {
				if r != [2]string{} {
					t.Errorf("citation row %d holds %q, want '' (its texts are in the record)", i, r)
				}
			}
			row, _, texts := recordOf(t, s, id)
			if !row.reportBytes.Valid || row.reportBytes.Int64 != int64(len(c.Report)) || len(row.plain) != 0 {
				t.Errorf("article row: report %q, report_bytes %v; want '' and %d", row.plain, row.reportBytes, len(c.Report))
			}
			var want [][2][]byte
			for _, ci := range byIndex(c.Citations) {
				want = append(want, [2][]byte{[]byte(ci.Anchor), []byte(ci.Sentence)})
			}
			if fmt.Sprintf("%q", texts.citations) != fmt.Sprintf("%q", want) {
				t.Errorf("citations' texts in the record = %q, want %q (by index)", texts.citations, want)
			}
		})
	}
}

func TestRecordStoredCompressed(t *testing.T) {
	// The texts cost little after the report that carries them: compressed together, the
	// record is smaller than the report compressed alone plus a tenth of the texts.
	ctx := t.Context()
	s := openTest(t)
	run := startRun(t, s)
	c := recordCheck(t, "https://news.example/big", 60, 30)
	id, err := s.SaveCheck(ctx, run, c)
	if err != nil {
		t.Fatalf("SaveCheck: %v", err)
	}
	var texts int
	for _, f := range c.Findings {
		texts += len(f.Message) + len(f.Evidence)
	}
	for _, ci := range c.Citations {
		texts += len(ci.Anchor) + len(ci.Sentence)
	}
	row, _, _ := recordOf(t, s, id)
	alone := len(s.bodies.records.EncodeAll(c.Report, nil))
	if len(row.packed) > alone+texts/10 {
		t.Errorf("record of %d bytes for a report that compresses alone to %d and %d bytes of texts; want at most %d",
			len(row.packed), alone, texts, alone+texts/10)
	}
	if bytes.Contains(row.packed, c.Findings[1].Evidence) {
		t.Error("report_zstd holds a finding's evidence as plain text; want it compressed")
	}
}

// oldRows rewrites article id and its findings' and citations' rows as a binary before
// the record wrote them: the report compressed alone (or plain, before report_zstd), the
// texts in the rows.
func oldRows(t testing.TB, s *Store, id int64, c *Check, compressed bool) {
	t.Helper()
	ctx := t.Context()
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := s.w.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if compressed {
		exec(`UPDATE articles SET report = '', report_zstd = ?, report_bytes = NULL WHERE id = ?`,
			s.bodies.enc.EncodeAll(c.Report, nil), id)
	} else {
		exec(`UPDATE articles SET report = ?, report_zstd = NULL, report_bytes = NULL WHERE id = ?`, string(c.Report), id)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id FROM findings WHERE article_id = ? ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var fid int64
		if err := rows.Scan(&fid); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fid)
	}
	rows.Close()
	for i, f := range c.Findings {
		var ev sql.NullString
		if f.Evidence != nil {
			ev = sql.NullString{String: string(f.Evidence), Valid: true}
		}
		exec(`UPDATE findings SET message = ?, evidence = ? WHERE id = ?`, f.Message, ev, ids[i])
	}
	for _, ci := range c.Citations {
		exec(`UPDATE citations SET anchor = ?, sentence = ? WHERE article_id = ? AND idx = ?`, ci.Anchor, ci.Sentence, id, ci.Index)
	}
}

func TestRecordOfOlderRows(t *testing.T) {
	// Rows written before the record hold the report alone and the texts in the rows,
	// and read as they did.
	for _, compressed := range []bool{true, false} {
		t.Run(fmt.Sprintf("report_zstd=%v", compressed), func(t *testing.T) {
			ctx := t.Context()
			s := openTest(t)
			run := startRun(t, s)
			c := recordCheck(t, "https://news.example/older", 4, 2)
			id, err := s.SaveCheck(ctx, run, c)
			if err != nil {
				t.Fatalf("SaveCheck: %v", err)
			}
			oldRows(t, s, id, c, compressed)
			if got, err := s.FindingsOf(ctx, id); err != nil || !reflect.DeepEqual(got, c.Findings) {
				t.Errorf("FindingsOf(old rows) = %+v, %v\nwant %+v", got, err, c.Findings)
			}
			if _, got, err := s.LatestArticle(ctx, c.URL); err != nil || !bytes.Equal(got, c.Report) {
				t.Errorf("LatestArticle(old rows) = %q, %v; want %q", got, err, c.Report)
			}
			if got, err := s.Reports(ctx, run); err != nil || len(got) != 1 || !bytes.Equal(got[0], c.Report) {
				t.Errorf("Reports(old rows) = %q, %v; want the report", got, err)
			}
		})
	}
}

func TestDamagedRecord(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, s *Store, id int64, c *Check) (query string, args []any)
	}{
		{"report longer than the record", func(t *testing.T, s *Store, id int64, c *Check) (string, []any) {
			return `UPDATE articles SET report_bytes = ? WHERE id = ?`, []any{1 << 20, id}
		}},
		{"a finding more than the record has texts for", func(t *testing.T, s *Store, id int64, c *Check) (string, []any) {
			return `INSERT INTO findings (article_id, rule, severity, subject_kind, subject_index, message) VALUES (?, 'x', 'info', 'quote', 9, '')`, []any{id}
		}},
		{"texts cut short", func(t *testing.T, s *Store, id int64, c *Check) (string, []any) {
			plain := slices.Concat(c.Report, []byte{2, 5, 'a'})
			return `UPDATE articles SET report_zstd = ? WHERE id = ?`, []any{s.bodies.records.EncodeAll(plain, nil), id}
		}},
		{"bytes after the sections", func(t *testing.T, s *Store, id int64, c *Check) (string, []any) {
			row, _, _ := recordOf(t, s, id)
			plain, err := s.bodies.dec.DecodeAll(row.packed, nil)
			if err != nil {
				t.Fatal(err)
			}
			return `UPDATE articles SET report_zstd = ? WHERE id = ?`, []any{s.bodies.records.EncodeAll(append(plain, 0), nil), id}
		}},
		{"not zstd", func(t *testing.T, s *Store, id int64, c *Check) (string, []any) {
			return `UPDATE articles SET report_zstd = ? WHERE id = ?`, []any{[]byte{0, 1, 2, 3}, id}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			s := openTest(t)
			run := startRun(t, s)
			c := recordCheck(t, "https://news.example/damaged", 3, 2)
			id, err := s.SaveCheck(ctx, run, c)
			if err != nil {
				t.Fatalf("SaveCheck: %v", err)
			}
			if _, err := s.FindingsOf(ctx, id); err != nil {
				t.Fatalf("FindingsOf before the damage: %v", err)
			}
			query, args := tc.damage(t, s, id, c)
			if _, err := s.w.ExecContext(ctx, query, args...); err != nil {
				t.Fatalf("damage: %v", err)
			}
			if got, err := s.FindingsOf(ctx, id); err == nil {
				t.Errorf("FindingsOf(damaged) = %+v, nil; want an error", got)
			}
		})
	}
}

func TestUpgradeKeepsOlderRowsReadable(t *testing.T) {
	// A database of schema 6, written as binaries of then wrote it, is migrated when
	// opened and reads as it did.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", dsn(path, pragmas))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, embeddedMigrations(t)[:6]); err != nil {
		t.Fatalf("migrate to 6: %v", err)
	}
	codec, err := newBodyCodec()
	if err != nil {
		t.Fatal(err)
	}
	defer codec.close()
	c := recordCheck(t, "https://news.example/v6", 3, 2)
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	exec(`INSERT INTO runs (id, kind, input, options, state, started_at) VALUES (1, 'check', ?, '{}', 'done', ?)`, c.URL, formatTime(t0))
	exec(`INSERT INTO articles (id, run_id, url, final_url, title, byline, site_name, score, grade, report, report_zstd, checked_at)
		VALUES (1, 1, ?, ?, '', '', '', 50, 'C', '', ?, ?)`, c.URL, c.URL, codec.enc.EncodeAll(c.Report, nil), formatTime(t0))
	for _, f := range c.Findings {
		var ev sql.NullString
		if f.Evidence != nil {
			ev = sql.NullString{String: string(f.Evidence), Valid: true}
		}
		exec(`INSERT INTO findings (article_id, rule, severity, subject_kind, subject_index, message, evidence) VALUES (1, ?, ?, ?, ?, ?, ?)`,
			f.Rule, f.Severity, f.SubjectKind, f.SubjectIndex, f.Message, ev)
	}
	for _, ci := range c.Citations {
		exec(`INSERT INTO citations (article_id, idx, href, url, anchor, sentence, verdict) VALUES (1, ?, ?, ?, ?, ?, ?)`,
			ci.Index, ci.Href, ci.URL, ci.Anchor, ci.Sentence, ci.Verdict)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(schema 6): %v", err)
	}
	defer s.Close()
	if got, want := userVersion(t, s.w), len(embeddedMigrations(t)); got != want {
		t.Errorf("user_version = %d, want %d", got, want)
	}
	if got, err := s.FindingsOf(ctx, 1); err != nil || !reflect.DeepEqual(got, c.Findings) {
		t.Errorf("FindingsOf(schema 6 rows) = %+v, %v\nwant %+v", got, err, c.Findings)
	}
	if got, err := s.Reports(ctx, 1); err != nil || len(got) != 1 || !bytes.Equal(got[0], c.Report) {
		t.Errorf("Reports(schema 6 rows) = %q, %v; want the report", got, err)
	}
	if _, rows := rowTexts(t, s, 1); rows[1] != [2]string{c.Citations[1].Anchor, c.Citations[1].Sentence} {
		t.Errorf("citation row of schema 6 = %q, want its texts kept", rows[1])
	}
	// And a check saved now sits beside them as a record.
	d := recordCheck(t, "https://news.example/v8", 2, 1)
	id, err := s.SaveCheck(ctx, 1, d)
	if err != nil {
		t.Fatalf("SaveCheck: %v", err)
	}
	if got, err := s.FindingsOf(ctx, id); err != nil || !reflect.DeepEqual(got, d.Findings) {
		t.Errorf("FindingsOf(new row) = %+v, %v\nwant %+v", got, err, d.Findings)
	}
	if got, err := s.Reports(ctx, 1); err != nil || len(got) != 2 || !bytes.Equal(got[0], c.Report) || !bytes.Equal(got[1], d.Report) {
		t.Errorf("Reports(old and new rows) = %d reports, %v; want both as saved", len(got), err)
	}
}

func TestReadSection(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []byte
		want    string // %q of the entries
		rest    string
		invalid bool
	}{
		{name: "empty section", in: []byte{0, 'x'}, want: "[]", rest: "x"},
		{name: "two entries", in: []byte{2, 1, 'a', 0, 2, 'b', 'c', 1, 'd', 'r'}, want: `[["a" ""] ["bc" "d"]]`, rest: "r"},
		{name: "no count", in: nil, invalid: true},
		{name: "count beyond the bytes", in: []byte{5, 0, 0}, invalid: true},
		{name: "text beyond the bytes", in: []byte{1, 3, 'a', 0}, invalid: true},
		{name: "second text missing", in: []byte{1, 1, 'a'}, invalid: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rest, err := readSection(tc.in)
			if tc.invalid {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("readSection(%v) error = %v, want ErrInvalid", tc.in, err)
				}
				return
			}
			if err != nil || fmt.Sprintf("%q", got) != tc.want || string(rest) != tc.rest {
				t.Errorf("readSection(%v) = %q, %q, %v; want %s, %q", tc.in, got, rest, err, tc.want, tc.rest)
			}
		})
	}
}
