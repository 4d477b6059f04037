package report

import (
	"strings"

	"github.com/provcheck/provcheck/rules/textmatch"
)

// segment is a piece of a quote or passage as printed. Mark is "ins" for the quote's words
// that the original lacks (added or swapped in), "del" for the original's words that the
// quote lacks (dropped or swapped out), "" for the rest.
type segment struct {
	Text string
	Mark string
}

// markChanges splits text (a quote, or the original's passage) into segments by the word
// diff, keeping the punctuation and spacing as printed. The diff's words are substrings of
// the text in order; when they are not (an abbreviated or merged diff), ok is false and
// callers show the diff on its own line instead.
func markChanges(text string, ops []textmatch.Op, quoteSide bool) (segs []segment, ok bool) {
	cur := 0
	for _, op := range ops {
		words, mark := op.Original, ""
		if op.Kind == textmatch.OpSubstitute || op.Kind == textmatch.OpDelete {
			mark = "del"
		}
		if quoteSide {
			words, mark = op.Quote, ""
			if op.Kind == textmatch.OpSubstitute || op.Kind == textmatch.OpInsert {
				mark = "ins"
			}
		}
		if words == "" {
			continue
		}
		i := strings.Index(text[cur:], words)
		if i < 0 {
			return nil, false
		}
		if i > 0 {
			segs = append(segs, segment{Text: text[cur : cur+i]})
		}
		segs = append(segs, segment{Text: words, Mark: mark})
		cur += i + len(words)
	}
	if cur < len(text) {
		segs = append(segs, segment{Text: text[cur:]})
	}
	return segs, true
}

// hasChanges reports whether a diff changes anything.
func hasChanges(ops []textmatch.Op) bool {
	for _, op := range ops {
		if op.Kind != textmatch.OpEqual {
			return true
		}
	}
	return false
}

// diffSegments renders a word diff on its own: the original's words marked "del" before
// the quote's marked "ins".
func diffSegments(ops []textmatch.Op) []segment {
	var segs []segment
	add := func(text, mark string) {
		if len(segs) > 0 {
			segs = append(segs, segment{Text: " "})
		}
		segs = append(segs, segment{Text: text, Mark: mark})
	}
	for _, op := range ops {
		switch op.Kind {
		case textmatch.OpEqual:
			add(op.Quote, "")
		case textmatch.OpSubstitute:
			add(op.Original, "del")
			add(op.Quote, "ins")
		case textmatch.OpInsert:
			add(op.Quote, "ins")
		case textmatch.OpDelete:
			add(op.Original, "del")
		}
	}
	return segs
}
