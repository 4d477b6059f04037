package store

import (
	"errors"
	"testing"
	"time"
)

func TestCaptures(t *testing.T) {
	ctx := t.Context()
	s := openTest(t)
	t0 := time.Date(2024, 5, 1, 10, 0, 0, 123, time.UTC)
	caps := []Capture{
		{URL: "https://a.example/x", Kind: CaptureResponse, RecordID: "<urn:uuid:1>", File: "/w/a.warc.gz", Offset: 0, Length: 310, PayloadDigest: "sha1:AAA", Status: 200, FetchedAt: t0},
		{URL: "https://a.example/x", Kind: CaptureFetch, RecordID: "<urn:uuid:2>", File: "/w/a.warc.gz", Offset: 310, Length: 200, Status: 200, FetchedAt: t0},
		{URL: "https://a.example/x", Kind: CaptureFetch, RecordID: "<urn:uuid:3>", File: "/w/b.warc.gz", Offset: 0, Length: 210, Status: 404, FetchedAt: t0.Add(time.Hour)},
		{URL: "https://b.example/", Kind: CaptureError, RecordID: "<urn:uuid:4>", File: "/w/b.warc.gz", Offset: 210, Length: 99, FetchedAt: t0},
	}
	if err := s.SaveCaptures(ctx, caps); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveCaptures(ctx, caps[:1]); err != nil { // the same record again
		t.Fatalf("SaveCaptures again: %v", err)
	}
	got, err := s.LatestCapture(ctx, "https://a.example/x", CaptureFetch)
	if err != nil || got != caps[2] {
		t.Errorf("LatestCapture = %+v, %v; want %+v", got, err, caps[2])
	}
	got, err = s.CaptureByRecordID(ctx, "<urn:uuid:1>")
	if err != nil || got != caps[0] {
		t.Errorf("CaptureByRecordID = %+v, %v; want %+v", got, err, caps[0])
	}
	all, err := s.Captures(ctx, "https://a.example/x")
	if err != nil || len(all) != 3 || all[0] != caps[2] {
		t.Errorf("Captures = %+v, %v; want 3, newest first", all, err)
	}
	if _, err := s.LatestCapture(ctx, "https://none.example/", CaptureFetch); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestCapture(unknown) err = %v, want ErrNotFound", err)
	}
	if _, err := s.CaptureByRecordID(ctx, "<urn:uuid:none>"); !errors.Is(err, ErrNotFound) {
		t.Errorf("CaptureByRecordID(unknown) err = %v, want ErrNotFound", err)
	}
	bad := []Capture{{URL: "x", Kind: "page", RecordID: "<urn:uuid:9>", File: "f", Length: 1, FetchedAt: t0}}
	if err := s.SaveCaptures(ctx, bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("SaveCaptures(bad kind) err = %v, want ErrInvalid", err)
	}
}
