// Package storetest gives tests a PostgreSQL database of their own: a fresh schema on the
// server of $PROVCHECK_TEST_POSTGRES (started by .ci/postgres), dropped when the test ends.
package storetest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Env names the variable that holds the test server's URL.
const Env = "PROVCHECK_TEST_POSTGRES"

var schemas atomic.Int64

// Server returns the test server's URL. Without one it skips the test, or fails it under
// CI, which must start one.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(Env + " is unset: CI must start PostgreSQL (.ci/postgres start DIR)")
		}
		t.Skip(Env + " is unset: no PostgreSQL server for this test")
	}
	return u
}

// Schema creates a fresh schema on the server at base and returns the URL that uses it
// (search_path); the schema is dropped when the test ends, after the cleanups the test
// registers later (such as closing a store opened on it).
func Schema(t testing.TB, base, prefix string) string {
	t.Helper()
	ctx := context.Background()
	schema := fmt.Sprintf("%s_%d_%d", strings.ToLower(prefix), os.Getpid(), schemas.Add(1))
	exec := func(sql string) error {
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("test server URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
