package store

import (
	"strings"
	"testing"
)

// TestPostgresMigrationsTwin: the PostgreSQL migrations are numbered like SQLite's, one
// for one, so that both backends reach the same schema version.
func TestPostgresMigrationsTwin(t *testing.T) {
	pg, err := loadPostgresMigrations()
	if err != nil {
		t.Fatal(err)
	}
	lite := embeddedMigrations(t)
	if len(pg) != len(lite) {
		t.Fatalf("%d PostgreSQL migrations, %d SQLite ones", len(pg), len(lite))
	}
	for i := range pg {
		if pg[i].version != lite[i].version {
			t.Errorf("migration %d: PostgreSQL version %d, SQLite %d", i, pg[i].version, lite[i].version)
		}
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://ann:s3cret@db.example:5433/prov", "postgres://ann@db.example:5433/prov"},
		{"postgres://ann@db.example/prov", "postgres://ann@db.example:5432/prov"},
		{"postgres://%zz", "postgres://…"},
	}
	for _, tc := range tests {
		got := redact(tc.in)
		if got != tc.want || strings.Contains(got, "s3cret") {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
