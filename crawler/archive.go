package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// DefaultArchiveEndpoint is the Wayback Machine availability API.
const DefaultArchiveEndpoint = "https://archive.org/wayback/available"

// availability is the answer of the Wayback Machine availability API.
type availability struct {
	ArchivedSnapshots struct {
		Closest *struct {
			Available bool   `json:"available"`
			URL       string `json:"url"`
			Timestamp string `json:"timestamp"`
			Status    string `json:"status"`
		} `json:"closest"`
	} `json:"archived_snapshots"`
}

// snapshotPath matches a Wayback snapshot URL: .../web/<timestamp>[flags]/<original>.
var snapshotPath = regexp.MustCompile(`^(https?://[^/]+/web/)([0-9]{4,14})[a-z_]*(/.+)$`)

// Archived finds the archived copy of rawURL closest to near (the zero time: any) through
// the Wayback Machine availability API (Config.ArchiveEndpoint), fetches it and returns it
// with the time it was archived. The copy is fetched in the archive's raw mode ("id_"),
// which serves the page as it was captured, without the archive's banner and rewritten
// links. The error wraps [ErrNotArchived] when the archive has no usable copy.
func (c *Crawler) Archived(ctx context.Context, rawURL string, near time.Time) (*page.Page, time.Time, error) {
	snap, ts, err := c.closestSnapshot(ctx, rawURL, near)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	p, err := c.Fetch(ctx, snap)
	if err != nil {
		return p, ts, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	return p, ts, nil
}

// closestSnapshot asks the availability API. The API is queried without robots.txt (it
// is an API for programs) but through the guarded transport, and recorded as evidence.
func (c *Crawler) closestSnapshot(ctx context.Context, rawURL string, near time.Time) (string, time.Time, error) {
	endpoint, err := availabilityURL(c.cfg.ArchiveEndpoint, rawURL, near)
	if err != nil {
		return "", time.Time{}, err
	}
	tr := &fetchTransport{base: c.transport, limits: c.limits, keep: 1 << 20}
	defer func() { c.recordTrips(ctx, tr.recorded()) }()
	client := &http.Client{Transport: tr, Timeout: c.cfg.Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) > 5 {
			return ErrTooManyRedirects
		}
		return nil
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return "", time.Time{}, err
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", time.Time{}, wrapTimeout(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", time.Time{}, wrapTimeout(err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", time.Time{}, &StatusError{URL: endpoint, Code: resp.StatusCode}
	}
	return parseAvailability(body)
}

// availabilityURL is the query of the availability API for rawURL near a time.
func availabilityURL(endpoint, rawURL string, near time.Time) (string, error) {
	q := url.Values{"url": {rawURL}}
	if !near.IsZero() {
		q.Set("timestamp", near.UTC().Format("20060102"))
	}
	u, err := parseTarget(endpoint)
	if err != nil {
		return "", fmt.Errorf("archive endpoint: %w", err)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// parseAvailability reads the API's answer: the raw-mode snapshot URL and its time.
func parseAvailability(body []byte) (string, time.Time, error) {
	var a availability
	if err := json.Unmarshal(body, &a); err != nil {
		return "", time.Time{}, fmt.Errorf("availability answer: %w", err)
	}
	cl := a.ArchivedSnapshots.Closest
	if cl == nil || !cl.Available || cl.URL == "" || (cl.Status != "" && !strings.HasPrefix(cl.Status, "2")) {
		return "", time.Time{}, ErrNotArchived
	}
	ts, err := time.Parse("20060102150405", (cl.Timestamp + "00000000000000")[:14])
	if err != nil {
		return "", time.Time{}, fmt.Errorf("availability answer: timestamp %q: %w", cl.Timestamp, err)
	}
	snap := cl.URL
	if m := snapshotPath.FindStringSubmatch(snap); m != nil {
		snap = m[1] + m[2] + "id_" + m[3]
	}
	return snap, ts, nil
}
