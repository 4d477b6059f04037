package checker

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/inputs"
)

func TestOptionsSession(t *testing.T) {
	base := Options{Depth: 1, MaxAge: time.Hour, Log: io.Discard}
	for _, tc := range []struct {
		name    string
		edit    func(*Options)
		wantErr string
		check   func(*testing.T, SessionConfig)
	}{
		{name: "defaults", check: func(t *testing.T, c SessionConfig) {
			if c.DBPath == "" || c.Crawl.MaxAge != time.Hour || c.SharedHostLimits {
				t.Errorf("DBPath %q, MaxAge %v, shared %v", c.DBPath, c.Crawl.MaxAge, c.SharedHostLimits)
			}
		}},
		{name: "no db", edit: func(o *Options) { o.NoDB, o.DB = true, "x.db" }, check: func(t *testing.T, c SessionConfig) {
			if c.DBPath != "" {
				t.Errorf("DBPath %q, want none", c.DBPath)
			}
		}},
		{name: "max-age 0 always asks", edit: func(o *Options) { o.MaxAge = 0 }, check: func(t *testing.T, c SessionConfig) {
			if c.Crawl.MaxAge >= 0 {
				t.Errorf("MaxAge %v, want negative (revalidate)", c.Crawl.MaxAge)
			}
		}},
		{name: "rescue-after shares hosts on postgres", edit: func(o *Options) { o.DB, o.RescueAfter = "postgres://h/db", time.Minute },
			check: func(t *testing.T, c SessionConfig) {
				if !c.SharedHostLimits || c.HostLeaseMax != time.Minute {
					t.Errorf("shared %v lease %v", c.SharedHostLimits, c.HostLeaseMax)
				}
			}},
		{name: "rescue-after on SQLite shares nothing", edit: func(o *Options) { o.DB, o.RescueAfter = "x.db", time.Minute },
			check: func(t *testing.T, c SessionConfig) {
				if c.SharedHostLimits {
					t.Error("SQLite session shares host limits")
				}
			}},
		{name: "depth 0", edit: func(o *Options) { o.Depth = 0 }, wantErr: "--depth 0: want 1 or more"},
		{name: "bad render", edit: func(o *Options) { o.Render = "sometimes" }, wantErr: `--render "sometimes"`},
		{name: "bad resolve", edit: func(o *Options) { o.Resolve = []string{"nocolons"} }, wantErr: "nocolons"},
		{name: "missing config", edit: func(o *Options) { o.Config = filepath.Join(t.TempDir(), "no.yaml") }, wantErr: "no.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := base
			if tc.edit != nil {
				tc.edit(&o)
			}
			cfg, err := o.Session()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Engine == nil || cfg.Checker.Logger == nil || cfg.Crawl.Posts == nil {
				t.Error("session config lacks its engine, logger or posts reader")
			}
			tc.check(t, cfg)
		})
	}
}

func TestAuditRequestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		req  AuditRequest
		db   string
		want string
	}{
		{"plain", AuditRequest{Spec: inputs.Spec{Paths: []string{"a"}}}, "a.db", ""},
		{"resume with inputs", AuditRequest{Resume: true, Spec: inputs.Spec{Paths: []string{"a"}}}, "a.db", "--resume takes no new inputs"},
		{"enqueue-only on SQLite", AuditRequest{EnqueueOnly: true}, "a.db", "--enqueue-only needs a PostgreSQL database"},
		{"enqueue-only on PostgreSQL", AuditRequest{EnqueueOnly: true}, "postgres://h/db", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.req.Check(tc.db)
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInput)) {
				t.Errorf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestOpenDemoTempDB: the demo's throwaway database records the check and is gone after
// Close.
func TestOpenDemoTempDB(t *testing.T) {
	cfg, err := Options{Depth: 1, NoDB: true}.Session()
	if err != nil {
		t.Fatal(err)
	}
	ss, err := OpenDemo(t.Context(), cfg, true)
	if err != nil {
		t.Fatal(err)
	}
	path := ss.DBPath()
	res, err := ss.CheckDemo(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Quotes) == 0 {
		t.Error("the demo check found no quotes")
	}
	if err := ss.Save(t.Context(), "demo", "demo", res); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("demo database: %v", err)
	}
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the demo's database folder outlived Close (stat: %v)", err)
	}
}

func TestRunBenchRefusesNoArticles(t *testing.T) {
	err := RunBench(t.Context(), BenchRequest{Kind: "simple"}, Console{Out: io.Discard, Err: io.Discard})
	if !errors.Is(err, ErrInput) {
		t.Errorf("RunBench of 0 articles = %v, want an input error", err)
	}
}

func TestRunBenchSmall(t *testing.T) {
	var out, errs strings.Builder
	req := BenchRequest{Kind: "simple", Config: BenchConfig{Web: benchweb.Web{N: 3}, Workers: 2}}
	if err := RunBench(t.Context(), req, Console{Out: &out, Err: &errs}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.String(), "auditing 3 generated articles") || out.Len() == 0 {
		t.Errorf("bench said %q and wrote %q", errs.String(), out.String())
	}
	if err := RunBench(t.Context(), BenchRequest{Kind: "nonsense", Config: BenchConfig{Web: benchweb.Web{N: 3}}}, Console{Out: &out, Err: &errs}); err == nil {
		t.Error("a bench web of an unknown kind ran")
	}
	if err := RunBench(t.Context(), BenchRequest{Kind: "simple", Render: "sometimes", Config: BenchConfig{Web: benchweb.Web{N: 3}}}, Console{Out: &out, Err: &errs}); !errors.Is(err, ErrInput) {
		t.Errorf("RunBench with --render sometimes = %v, want an input error", err)
	}
}

func TestStoredRunStatus(t *testing.T) {
	ss, dbPath, _ := demoSession(t)
	if ss.DB() == nil || ss.Logger() == nil || ss.DBPath() != dbPath {
		t.Fatal("the session does not show its database, log and path")
	}
	run, err := ss.StartAudit(t.Context(), "t", struct{}{}, []inputs.Item{{Kind: ItemURL, Input: "http://a.example/"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := OpenStored(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.RunStatus(t.Context(), run.ID)
	if err != nil || st.Pending != 1 {
		t.Errorf("RunStatus = %+v, %v; want one pending item", st, err)
	}
	if _, err := db.RunStatus(t.Context(), 99); err == nil {
		t.Error("RunStatus of a run that does not exist succeeded")
	}
}
