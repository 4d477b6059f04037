package warc_test

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"
	"github.com/provcheck/provcheck/crawler/warc"
)

// realFiles lists WARC files nobody on this project wrote: the web-archive libraries'
// samples in the shared data, and the files warcio.js wrote for the audit input tests.
func realFiles(tb testing.TB) []string {
	var files []string
	for _, pat := range []string{
		filepath.Join("..", "..", "..", "shared", "data", "warc-samples", "*", "*.warc*"),
		filepath.Join("..", "..", "checker", "inputs", "testdata", "warcio", "*.warc*"),
	} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 4 {
		tb.Skipf("only %d sample WARC files found", len(files))
	}
	return files
}

type seen struct {
	typ, id, target string
	rawTarget       string // as written, brackets and all
	block           []byte
}

func readOurs(tb testing.TB, path string) ([]seen, error) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd := warc.NewReader(f)
	var out []seen
	for {
		rec, _, err := rd.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if rec.Type() == warc.TypeResponse {
			_, _ = warc.ParseResponse(rec.Block)
		}
		out = append(out, seen{rec.Type(), rec.ID(), rec.TargetURI(), rec.Header.Get("WARC-Target-URI"), rec.Block})
	}
}

func readGowarc(tb testing.TB, path string) ([]seen, error) {
	rd, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn))
	if err != nil {
		tb.Fatal(err)
	}
	defer rd.Close()
	var out []seen
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		h := rec.WarcRecord.WarcHeader()
		r, err := rec.WarcRecord.Block().RawBytes()
		if err != nil {
			rec.Close()
			return out, err
		}
		b, err := io.ReadAll(r)
		rec.Close()
		if err != nil {
			return out, err
		}
		target := strings.TrimSuffix(strings.TrimPrefix(h.Get(gowarc.WarcTargetURI), "<"), ">")
		out = append(out, seen{rec.WarcRecord.Type().String(), h.Get(gowarc.WarcRecordID), target, h.Get(gowarc.WarcTargetURI), b})
	}
}

// TestAgreesWithGowarc reads each file with nlnwa/gowarc too: every record gowarc reads,
// we read the same (type, id, target, block bytes) in the same order. gowarc stops after
// the first record of a gzip member holding several, and reads a target URI in angle
// brackets as empty; we read on, and unwrap it.
func TestAgreesWithGowarc(t *testing.T) {
	for _, path := range realFiles(t) {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			ours, oerr := readOurs(t, path)
			theirs, gerr := readGowarc(t, path)
			if len(ours) < len(theirs) {
				t.Fatalf("we read %d records (%v), gowarc %d (%v)", len(ours), oerr, len(theirs), gerr)
			}
			for i, g := range theirs {
				o := ours[i]
				if g.target == "" && strings.HasPrefix(o.rawTarget, "<") {
					// gowarc reads a bracketed target URI as empty; we unwrap it.
					g.target = o.target
				}
				if o.typ != g.typ || o.id != g.id || o.target != g.target || string(o.block) != string(g.block) {
					t.Errorf("record %d: ours %s %s %q (%d bytes), gowarc %s %s %q (%d bytes)", i, o.typ, o.id, o.target, len(o.block), g.typ, g.id, g.target, len(g.block))
				}
			}
			if len(ours) > len(theirs) {
				t.Logf("we read %d records, gowarc stopped after %d (%v)", len(ours), len(theirs), gerr)
			}
		})
	}
}

// TestAgreesWithWarcio reads each file with warcio.js (webrecorder): the same records, in
// the same order, with the same block lengths. It needs node and WARCIO_DIR (the npm
// package's folder); skipped otherwise.
func TestAgreesWithWarcio(t *testing.T) {
	node, err := exec.LookPath("node")
	pkg := os.Getenv("WARCIO_DIR")
	if err != nil || pkg == "" {
		t.Skip("needs node and WARCIO_DIR (npm install warcio)")
	}
	for _, path := range realFiles(t) {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			out, err := exec.Command(node, filepath.Join("..", "testdata", "warcio-check.cjs"), pkg, path).Output()
			if err != nil {
				t.Fatalf("warcio: %v", err)
			}
			type row struct {
				Type, Target string
				ID           *string
				Length       int
			}
			var theirs []row
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				var r row
				if err := json.Unmarshal([]byte(line), &r); err != nil {
					t.Fatalf("warcio output %q: %v", line, err)
				}
				theirs = append(theirs, r)
			}
			ours, oerr := readOurs(t, path)
			if len(ours) != len(theirs) {
				t.Fatalf("we read %d records (%v), warcio %d", len(ours), oerr, len(theirs))
			}
			for i, w := range theirs {
				o := ours[i]
				id := ""
				if w.ID != nil {
					id = *w.ID
				}
				if o.typ != w.Type || o.id != id || o.target != w.Target || len(o.block) != w.Length {
					t.Errorf("record %d: ours %s %s %q (%d bytes), warcio %s %s %q (%d bytes)", i, o.typ, o.id, o.target, len(o.block), w.Type, id, w.Target, w.Length)
				}
			}
		})
	}
}

// BenchmarkRead reads every record and block of the sample files, with our reader and
// with gowarc's: go test -bench Read -run '^$' ./crawler/warc
func BenchmarkRead(b *testing.B) {
	files := realFiles(b)
	var size int64
	for _, p := range files {
		st, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += st.Size()
	}
	for _, impl := range []struct {
		name string
		read func(testing.TB, string) ([]seen, error)
	}{{"ours", readOurs}, {"gowarc", readGowarc}} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				for _, p := range files {
					_, _ = impl.read(b, p)
				}
			}
		})
	}
}
