package pdftext

import (
	"fmt"
	"os"
	"testing"
)

// testCache is a compilation cache the tests of this package share, so that each new
// Reader does not compile PDFium again. The fuzzing engine's worker processes inherit it
// through the environment: a cold compile in each worker takes longer than the engine
// waits for an input.
var testCache string

const cacheEnv = "PDFTEXT_TEST_CACHE"

func TestMain(m *testing.M) {
	testCache = os.Getenv(cacheEnv)
	owned := false
	if testCache == "" {
		dir, err := os.MkdirTemp("", "pdftext-cache-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "pdftext: %v\n", err)
			os.Exit(1)
		}
		testCache, owned = dir, true
		if err := os.Setenv(cacheEnv, dir); err != nil {
			fmt.Fprintf(os.Stderr, "pdftext: %v\n", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	if owned {
		_ = os.RemoveAll(testCache)
	}
	os.Exit(code)
}
