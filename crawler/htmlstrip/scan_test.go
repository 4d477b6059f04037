package htmlstrip

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/crawler/internal/fixturepages"
)

// tokenKinds are the Tokenizer's token types as the scanner's kinds.
var tokenKinds = map[html.TokenType]kind{html.ErrorToken: errorToken, html.TextToken: textToken,
	html.StartTagToken: startTagToken, html.SelfClosingTagToken: startTagToken,
	html.EndTagToken: endTagToken, html.CommentToken: commentToken, html.DoctypeToken: doctypeToken}

// tokenizerTokens is how golang.org/x/net/html's Tokenizer splits b: a line per token,
// its kind and raw bytes, and the offset where it stopped.
func tokenizerTokens(b []byte) []string {
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		k := tokenKinds[tt]
		raw := z.Raw()
		line := fmt.Sprintf("%d %q", k, raw)
		if k == startTagToken || k == endTagToken {
			name, _ := z.TagName()
			line += fmt.Sprintf(" name=%q", name)
		}
		out = append(out, line)
		pos += len(raw)
	}
	return append(out, fmt.Sprintf("stop %d", pos))
}

// scannerTokens is the same for the scanner.
func scannerTokens(b []byte) []string {
	var out []string
	z := newScanner(b)
	for {
		k := z.next()
		if k == errorToken {
			break
		}
		line := fmt.Sprintf("%d %q", k, z.raw())
		if k == startTagToken || k == endTagToken {
			// TagName also writes NUL as U+FFFD; no name the copy looks for has one.
			name := bytes.ReplaceAll(lowerASCII(b[z.name.start:z.name.end]), []byte{0}, []byte("\uFFFD"))
			line += fmt.Sprintf(" name=%q", name)
		}
		out = append(out, line)
	}
	return append(out, fmt.Sprintf("stop %d", z.start))
}

// lowerASCII lowers A-Z and nothing else, as the Tokenizer's TagName does.
func lowerASCII(b []byte) []byte {
	out := bytes.Clone(b)
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return out
}

func checkSameTokens(t *testing.T, name string, b []byte) {
	t.Helper()
	want, got := tokenizerTokens(b), scannerTokens(b)
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			t.Fatalf("%s: token %d: tokenizer %s, scanner %s", name, i, w, g)
		}
	}
}

// scanCases are the corners of the Tokenizer's state machine, each a separate input.
var scanCases = []string{
	"", "plain", "<", "<<", "a<b", "a < b", "<p>", "<p", "</", "</>", "</ p>", "</p", "</p x='>'>",
	"<!", "<!-", "<!--", "<!-->", "<!--->", "<!---->", "<!-- -->", "<!-- --!>", "<!-- --!x -->",
	"<!-- --!-->", "<!-- -- >-->", "<!-- a", "<!-- a -", "<!-- a --", "<!-- a --!", "<!x>", "<!x",
	"<?xml version='1.0'?>", "<?x", "<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE", "<!DOC",
	"<!DOCTYPE ", "<!DOCTYPEhtml>", "<!DOCTYPX>", "<p a=b>", "<p a='b>c'>", `<p a="b>c">`,
	"<p a = b >", "<p a=>", "<p a=", "<p a", "<p =a>", "<p ==a>", "<p a/b>", "<p a=/>", "<br/>",
	"<p a='b", `<p a="b`, "<p\ta\nb\fc\rd>", "<p a=b c=d a=e>",
	"<script>a<b</script>", "<script>x</script >", "<script>x</SCRIPT>", "<script>x</scriptx>",
	"<script>x</script", "<script>x</scr", "<script>x<", "<script>x</", "<script/>y</script>",
	"<script><!-- x --></script>", "<script><!-- <script> </script> --></script>z</script>",
	"<script><!-- <script> --></script>", "<script><!--<script></script>--></script>",
	"<script><!--- x</script>", "<script><!-x</script>", "<script><!</script>", "<script><!-",
	"<script><!--</script>", "<script><!-- -<</script>", "<script><!-- <x </script>",
	"<script><!-- <scripty></script>", "<script><!-- <SCRIPT>a</SCRIPT>b--></script>",
	"<script><!-- <script>--><script></script>", "<script><!-- <script>-</script>",
	"<script><!-- <script>--</script>", "<script><!-- <script><</script>", "<script><!-- <script></x",
	"<script><!-- <script", "<script><!-- <scrip", "<script><!-- -->", "<script><!-- --", "<script><!-- -",
	"<style>a</style>", "<style>a</styl", "<style>a</style", "<style></style>", "<style>a<b</style>",
	"<title>a<b>c</title>", "<textarea></textarea>", "<xmp><p></xmp>", "<plaintext><p>",
	"<iframe>x</iframe>", "<noscript><p>x</p></noscript>", "<noembed>x</noembed>",
	"<noframes>x</noframes>", "<STYLE>x</Style>", "<sCrIpT>x</ScRiPt>", "<scriptx>y</scriptx>",
	"<script src=a.js></script>", "<script type='application/ld+json'>{}</script>",
	"<p>a</p><!-- c --><script>b()</script><style>s</style>", "\x00<\x00p>", "<p>caf\xe9</p>",
}

func TestScannerMatchesTokenizer(t *testing.T) {
	for _, s := range scanCases {
		checkSameTokens(t, fmt.Sprintf("%q", s), []byte(s))
	}
	for name, b := range fixturepages.Load(t, filepath.Join("..", "..")) {
		checkSameTokens(t, name, b)
	}
}

func FuzzScannerMatchesTokenizer(f *testing.F) {
	for _, s := range scanCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkSameTokens(t, "input", b)
	})
}
