package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestDeclaredLanguage(t *testing.T) {
	cases := []struct{ name, page, want string }{
		{"primary subtag", `<html lang="en-GB"><body><p>x</p></body></html>`, "en"},
		{"upper case", `<html lang="DE"><body></body></html>`, "de"},
		{"underscore", `<html lang="pt_BR"><body></body></html>`, "pt"},
		{"three letters", `<html lang="fil"><body></body></html>`, "fil"},
		{"xml:lang", `<html xml:lang="fr"><body></body></html>`, "fr"},
		{"lang wins", `<html lang="it" xml:lang="fr"><body></body></html>`, "it"},
		{"none", `<html><body><p lang="es">x</p></body></html>`, ""},
		{"malformed", `<html lang="e1"><body></body></html>`, ""},
		{"too long", `<html lang="english"><body></body></html>`, ""},
		{"spaces", `<html lang=" nl "><body></body></html>`, "nl"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tc.page))
			if err != nil {
				t.Fatal(err)
			}
			if got := declaredLanguage(doc); got != tc.want {
				t.Errorf("declaredLanguage(%q) = %q, want %q", tc.page, got, tc.want)
			}
		})
	}
}
