package extract

import "time"

// Article is what a page says, as far as provenance is concerned. All offsets are byte
// offsets into Text.
type Article struct {
	URL       string     `json:"url"`
	FinalURL  string     `json:"final_url,omitempty"`
	Title     string     `json:"title"`
	Byline    string     `json:"byline"`
	SiteName  string     `json:"site_name,omitempty"`
	Published *time.Time `json:"published"`
	// Language is the primary subtag of the language the page declares (<html lang>):
	// "en" for "en-GB"; empty when it declares none.
	Language string `json:"language,omitempty"`
	// Text is the main text: paragraphs separated by a blank line.
	Text         string        `json:"text"`
	Paragraphs   []Span        `json:"paragraphs"`
	Sentences    []Span        `json:"sentences"`
	Citations    []Citation    `json:"citations"`
	Quotes       []Quote       `json:"quotes"`
	Attributions []Attribution `json:"attributions"`
	Embeds       []Embed       `json:"embeds"`
	// Pages is set for a PDF: Pages[i] is where page i+1 lies in Text.
	Pages []Span `json:"pages,omitempty"`
	// Marks is what the HTML page the article was read from says of itself (its title,
	// first heading, paywall markers); nil for a PDF or a post, and for an article read
	// back from a report, which does not keep them.
	Marks *PageMarks `json:"-"`
}

// Span is a half-open byte range [Start, End) of Article.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Citation is a link in the main text.
type Citation struct {
	// Href is the link target as the page gives it (main-text extraction may already have
	// made a relative link absolute); URL is it resolved to an absolute URL without an
	// empty fragment ("" when it cannot be resolved).
	Href   string `json:"href"`
	URL    string `json:"url"`
	Anchor string `json:"anchor"`
	// Start and End delimit the anchor text in Article.Text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Sentence is the index into Article.Sentences of the sentence holding the anchor,
	// Paragraph the index into Article.Paragraphs.
	Sentence  int `json:"sentence"`
	Paragraph int `json:"paragraph"`
	// Embed is the index into Article.Embeds when the link belongs to an embedded post,
	// -1 otherwise.
	Embed int `json:"embed"`
}

// Quote is a quotation in the main text.
type Quote struct {
	// Text is the quoted words without the quotation marks.
	Text string `json:"text"`
	// Start and End delimit Text in Article.Text.
	Start int `json:"start"`
	End   int `json:"end"`
	// Speaker is who the text says spoke the words, "" when it names nobody.
	Speaker string `json:"speaker,omitempty"`
	// SpeakerFar is set when Speaker was found through a pronoun or a role ("he said",
	// "the minister said") standing for a name the text gives only two or more
	// paragraphs before the quotation's, or through a role the text never gives that
	// person ("the minister" after "Ambassador Gordon Sondland"): a guess, not what the
	// text says.
	SpeakerFar bool `json:"-"`
	Sentence   int  `json:"sentence"`
	Paragraph  int  `json:"paragraph"`
	// Citations are indexes into Article.Citations of the links that support the quote:
	// in the same sentence, else in the same paragraph, else under the attribution the
	// quote sits under.
	Citations []int `json:"citations"`
	// Attribution is the index into Article.Attributions of the named source the quote
	// sits under, -1 for none.
	Attribution int `json:"attribution"`
	// Embed is the index into Article.Embeds when the quote is an embedded post's text.
	Embed int `json:"embed"`
}

// Attribution is a source named in the text: "according to X", "X reported", "X said",
// or a trailing "-X" signature.
type Attribution struct {
	Source string `json:"source"`
	// Phrase is the words that make the attribution ("according to", "said", "signature").
	Phrase    string `json:"phrase"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Sentence  int    `json:"sentence"`
	Paragraph int    `json:"paragraph"`
	// Linked is true when a citation sits in the attribution's sentence.
	Linked bool `json:"linked"`
}

// Embed is an embedded social post (a tweet, a Telegram or Facebook post...).
type Embed struct {
	Kind   string `json:"kind"`
	Text   string `json:"text"`
	URL    string `json:"url,omitempty"`
	Author string `json:"author,omitempty"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}
