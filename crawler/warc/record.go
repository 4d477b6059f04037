package warc

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base32"
	"fmt"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Record types used by provcheck.
const (
	TypeWarcinfo   = "warcinfo"
	TypeRequest    = "request"
	TypeResponse   = "response"
	TypeMetadata   = "metadata"
	TypeRevisit    = "revisit"
	TypeConversion = "conversion"
)

// Content types of record blocks.
const (
	ContentTypeHTTPRequest  = "application/http;msgtype=request"
	ContentTypeHTTPResponse = "application/http;msgtype=response"
	ContentTypeFields       = "application/warc-fields"
)

// The WARC-Profile values of revisit records: a 304 answer, and an answer whose payload
// is byte for byte one already written (its block holds the HTTP headers only, and
// WARC-Refers-To names the record that holds the payload).
const (
	ProfileServerNotModified = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
	ProfileIdenticalPayload  = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
)

// Field is one WARC named field.
type Field struct {
	Name, Value string
}

// Header is the named fields of a record in the order they are written.
type Header []Field

// Get returns the first value of name (case-insensitive), or "".
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns every value of name (case-insensitive), in order.
func (h Header) Values(name string) []string {
	var out []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			out = append(out, f.Value)
		}
	}
	return out
}

// Add appends a field. Line breaks in value are replaced by spaces: a field is one line.
func (h *Header) Add(name, value string) {
	*h = append(*h, Field{Name: name, Value: oneLine(value)})
}

// Set replaces every value of name with value, or appends it.
func (h *Header) Set(name, value string) {
	out := (*h)[:0]
	for _, f := range *h {
		if !strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	*h = append(out, Field{Name: name, Value: oneLine(value)})
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// Record is one WARC record: its named fields and its content block.
type Record struct {
	Header Header
	Block  []byte
}

// Type is the record's WARC-Type.
func (r *Record) Type() string { return r.Header.Get("WARC-Type") }

// ID is the record's WARC-Record-ID, angle brackets included.
func (r *Record) ID() string { return r.Header.Get("WARC-Record-ID") }

// TargetURI is the record's WARC-Target-URI. Angle brackets around it, which WARC 1.0's
// grammar showed and some wget versions write, are removed.
func (r *Record) TargetURI() string {
	u := r.Header.Get("WARC-Target-URI")
	if len(u) >= 2 && u[0] == '<' && u[len(u)-1] == '>' {
		u = strings.TrimSpace(u[1 : len(u)-1])
	}
	return u
}

// Date parses the record's WARC-Date; the zero time when absent or malformed.
func (r *Record) Date() time.Time {
	t, err := time.Parse(time.RFC3339Nano, r.Header.Get("WARC-Date"))
	if err != nil {
		return time.Time{}
	}
	return t
}

// New makes a record of type typ about targetURI (may be "") with a fresh record id, the
// date, the block's content type and its block digest.
func New(typ, targetURI string, date time.Time, contentType string, block []byte) *Record {
	r := &Record{Block: block}
	r.Header.Add("WARC-Type", typ)
	r.Header.Add("WARC-Record-ID", NewID())
	r.Header.Add("WARC-Date", FormatDate(date))
	if targetURI != "" {
		r.Header.Add("WARC-Target-URI", targetURI)
	}
	if contentType != "" {
		r.Header.Add("Content-Type", contentType)
	}
	r.Header.Add("WARC-Block-Digest", Digest(block))
	return r
}

// FormatDate formats t as a WARC 1.1 date: UTC, with the fraction of a second when there
// is one.
func FormatDate(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// NewID returns a fresh "<urn:uuid:...>" record id: a version 7 UUID, which begins with
// the time in milliseconds and is random after it (RFC 9562). Ids made one after another
// sort in the order they were made, so that an index of them (the database's captures
// table) grows at its end, where random ids each touched a page of their own: a fifth of
// what an audit wrote to the database's log.
func NewID() string {
	id, err := uuid.NewV7()
	if err != nil {
		// Only when crypto/rand fails, which it does not on the systems Go supports.
		panic(fmt.Sprintf("warc: new record id: %v", err))
	}
	return "<urn:uuid:" + id.String() + ">"
}

// Digest returns the WARC digest of b: "sha1:" and the base32 SHA-1, as most tools write it.
func Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// marshalHead writes the record's head in WARC 1.1 form, with a Content-Length of its
// block; the block and recordEnd follow it.
func (r *Record) marshalHead(buf *bytes.Buffer) {
	buf.WriteString("WARC/1.1\r\n")
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, "Content-Length") {
			continue
		}
		buf.WriteString(f.Name)
		buf.WriteString(": ")
		buf.WriteString(f.Value)
		buf.WriteString("\r\n")
	}
	buf.WriteString("Content-Length: ")
	buf.WriteString(strconv.Itoa(len(r.Block)))
	buf.WriteString("\r\n\r\n")
}

// recordEnd ends every record, after its block.
const recordEnd = "\r\n\r\n"

// Fields renders application/warc-fields text: one "name: value" line per field.
func Fields(h Header) []byte {
	var b bytes.Buffer
	for _, f := range h {
		b.WriteString(f.Name)
		b.WriteString(": ")
		b.WriteString(oneLine(f.Value))
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// ParseFields reads application/warc-fields text. Lines without a colon are skipped.
func ParseFields(block []byte) Header {
	var h Header
	for _, line := range strings.Split(string(block), "\n") {
		line = strings.TrimRight(line, "\r")
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(name) == "" {
			continue
		}
		h = append(h, Field{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
	}
	return h
}

// HTTPResponse is the HTTP message of a response (or revisit) record.
type HTTPResponse struct {
	Proto  string // "HTTP/1.1"
	Status int
	Header http.Header
	Body   []byte // the payload: what follows the header block
}

// maxHTTPHeader bounds the HTTP header block read from a record.
const maxHTTPHeader = 1 << 20

// ParseResponse reads the HTTP response held in a record block. It does not interpret
// Content-Length or Transfer-Encoding: the payload is everything after the header block.
func ParseResponse(block []byte) (*HTTPResponse, error) {
	head := block
	if len(head) > maxHTTPHeader {
		head = head[:maxHTTPHeader]
	}
	end := bytes.Index(head, []byte("\r\n\r\n"))
	sep := 4
	if end < 0 {
		end = bytes.Index(head, []byte("\n\n"))
		sep = 2
	}
	if end < 0 {
		// A header block with no body and no blank line: accept the whole block.
		end, sep = len(block), 0
	}
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(block[:end:end], "\r\n\r\n"...))))
	line, err := tp.ReadLine()
	if err != nil {
		return nil, fmt.Errorf("warc: http status line: %w", err)
	}
	proto, rest, _ := strings.Cut(line, " ")
	code, _, _ := strings.Cut(rest, " ")
	status, err := strconv.Atoi(code)
	if !strings.HasPrefix(proto, "HTTP/") || err != nil || status < 100 || status > 999 {
		return nil, fmt.Errorf("warc: http status line %q: %w", line, ErrMalformed)
	}
	mh, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, fmt.Errorf("warc: http header: %w", err)
	}
	return &HTTPResponse{Proto: proto, Status: status, Header: http.Header(mh), Body: block[min(end+sep, len(block)):]}, nil
}
