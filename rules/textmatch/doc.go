// Package textmatch decides whether a quotation printed in an article is really in a
// cited original, and how it differs.
//
// Texts are compared word by word after normalisation ([Normalize], [Tokenize]): case,
// punctuation, typographic quotes and apostrophes, dashes, white space, Unicode
// compatibility forms, soft hyphens and zero-width characters do not count; words,
// numbers and dates do. An original is indexed once ([NewDoc]): its words get posting
// lists, so a quote's candidate passages are found from the few places where its words
// line up on one diagonal, and only those are aligned word by word (an edit-distance
// alignment that is global in the quote and local in the original). The alignment gives
// the word diff ([Op]) and the [Verdict]: verified, altered, negation (a negation or a
// number flipped), partial, truncated (verbatim, but cut before a qualifier such as
// "unless") or not found. Explicit ellipses in a quote are legitimate gaps.
//
// [Doc.BestPassages] ranks an original's sentences against a claim (BM25), [Numbers]
// lists the numbers and dates of a sentence, [Similarity] compares two wordings, and
// [Index] finds every text of an archive that carries a quote.
package textmatch
