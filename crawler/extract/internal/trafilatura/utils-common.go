// This file is part of go-trafilatura, Go package for extracting readable
// content, comments and metadata from a web page. Source available in
// <https://github.com/markusmobius/go-trafilatura>.
//
// Copyright (C) 2021 Markus Mobius
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package trafilatura

import (
	"mime"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// trim removes unnecessary spaces within a text string.
// CHANGED (provcheck): one pass, and no copy when s is already trimmed; the same result
// as strings.Join(strings.Fields(s), " ").
func trim(s string) string {
	if isTrimmed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	inSpace := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) {
			inSpace = true
			i += size
			continue
		}
		if inSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		inSpace = false
		b.WriteString(s[i : i+size]) // bytes as they are, invalid ones too
		i += size
	}
	return b.String()
}

// isTrimmed reports whether trim(s) is s: no space at either end, and every run of space
// inside a single ' '. ADDED (provcheck).
func isTrimmed(s string) bool {
	prevSpace := true // a space at the start is not trimmed
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case isSpace(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// isSpace is unicode.IsSpace with the test of an ASCII character (most of a page's text)
// made without a call. ADDED (provcheck).
func isSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// asciiSpace marks the ASCII characters unicode.IsSpace holds spaces. ADDED (provcheck).
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func strWordCount(s string) int {
	return len(strings.Fields(s))
}

func strOr(args ...string) string {
	for i := 0; i < len(args); i++ {
		if args[i] != "" {
			return args[i]
		}
	}
	return ""
}

func strIn(s string, args ...string) bool {
	for i := 0; i < len(args); i++ {
		if args[i] == s {
			return true
		}
	}
	return false
}

func isImageFile(imageSrc string) bool {
	if imageSrc == "" {
		return false
	}

	ext := filepath.Ext(imageSrc)
	mimeType := mime.TypeByExtension(ext)
	return strings.HasPrefix(mimeType, "image")
}

func uniquifyLists(currents ...string) []string {
	var finalTags []string
	tracker := map[string]struct{}{}

	for _, current := range currents {
		separator := ","
		if strings.Count(current, ";") > strings.Count(current, ",") {
			separator = ";"
		}

		for _, entry := range strings.Split(current, separator) {
			entry = trim(entry)
			entry = strings.ReplaceAll(entry, `"`, "")
			entry = strings.ReplaceAll(entry, `'`, "")

			if _, tracked := tracker[entry]; entry != "" && !tracked {
				finalTags = append(finalTags, entry)
				tracker[entry] = struct{}{}
			}
		}
	}

	return finalTags
}

// trimmedTextLen is utf8.RuneCountInString(trim(dom.TextContent(n))) without building
// either string (the long way when a text node is not valid UTF-8). ADDED (provcheck).
func trimmedTextLen(n *html.Node) int {
	count, inWord := 0, false
	valid := eachValidText(n, func(t string) {
		for _, r := range t {
			if isSpace(r) {
				inWord = false
				continue
			}
			if !inWord && count > 0 {
				count++ // the one space between two words
			}
			inWord = true
			count++
		}
	})
	if !valid {
		return utf8.RuneCountInString(trim(dom.TextContent(n)))
	}
	return count
}

// eachValidText calls f with the text nodes under n in document order, and reports false
// (having stopped) at the first that is not valid UTF-8: its bytes might join another's
// into a character, so a count made node by node would be wrong. ADDED (provcheck).
func eachValidText(n *html.Node, f func(string)) bool {
	if n.Type == html.TextNode {
		if !utf8.ValidString(n.Data) {
			return false
		}
		f(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !eachValidText(c, f) {
			return false
		}
	}
	return true
}
