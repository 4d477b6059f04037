package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"github.com/provcheck/provcheck/rules"
)

// provNamespace is the namespace of the pc: prefix of the PROV-JSON export.
const provNamespace = "urn:provcheck:"

type provRecord = map[string]any

// provDoc is a PROV-JSON document (W3C Member Submission, 2013): maps from identifiers to
// records. encoding/json writes map keys sorted, so the output is deterministic.
type provDoc struct {
	Prefix            map[string]string     `json:"prefix"`
	Entity            map[string]provRecord `json:"entity"`
	Activity          map[string]provRecord `json:"activity"`
	Agent             map[string]provRecord `json:"agent"`
	WasGeneratedBy    map[string]provRecord `json:"wasGeneratedBy"`
	Used              map[string]provRecord `json:"used"`
	WasDerivedFrom    map[string]provRecord `json:"wasDerivedFrom"`
	WasAttributedTo   map[string]provRecord `json:"wasAttributedTo"`
	WasAssociatedWith map[string]provRecord `json:"wasAssociatedWith"`
}

// provBuilder numbers the anonymous relations of one document.
type provBuilder struct {
	doc provDoc
	n   int
}

func (b *provBuilder) relation(m map[string]provRecord, r provRecord) {
	b.n++
	m[fmt.Sprintf("_:r%d", b.n)] = r
}

func typed(v, typ string) map[string]string { return map[string]string{"$": v, "type": typ} }
func qname(v string) map[string]string      { return typed(v, "xsd:QName") }
func anyURI(v string) map[string]string     { return typed(v, "xsd:anyURI") }

// WritePROV writes the provenance of the run as W3C PROV-JSON.
//
// Entities: each article (pc:a1), each cited original (pc:a1-c3, for citation 3 of
// article 1) and each quote (pc:a1-q0). Activities: the fetch of each page (pc:a1-fetch,
// pc:a1-c3-fetch) and the comparison of each quote with its original (pc:a1-q0-compare).
// Agents: the publishing sites (pc:site-HOST), the speakers (pc:person-NAME) and
// provcheck itself. Relations: an article wasDerivedFrom each original it cites; a quote
// wasDerivedFrom its original with prov:type prov:Quotation (PROV-JSON's form of PROV-O's
// wasQuotedFrom); pages wasGeneratedBy their fetch; comparisons used the quote and the
// original; articles and originals wasAttributedTo their site, quotes to their speaker;
// fetches and comparisons wasAssociatedWith provcheck.
func WritePROV(w io.Writer, run Run) error {
	b := &provBuilder{doc: provDoc{
		Prefix:            map[string]string{"pc": provNamespace, "xsd": "http://www.w3.org/2001/XMLSchema#"},
		Entity:            map[string]provRecord{},
		Activity:          map[string]provRecord{},
		Agent:             map[string]provRecord{},
		WasGeneratedBy:    map[string]provRecord{},
		Used:              map[string]provRecord{},
		WasDerivedFrom:    map[string]provRecord{},
		WasAttributedTo:   map[string]provRecord{},
		WasAssociatedWith: map[string]provRecord{},
	}}
	d := &b.doc
	d.Agent["pc:provcheck"] = provRecord{"prov:type": qname("prov:SoftwareAgent"), "prov:label": "provcheck"}
	for i, r := range run.Reports {
		b.article(fmt.Sprintf("pc:a%d", i+1), r)
	}
	return WriteIndentedJSON(w, d, "prov-json")
}

func (b *provBuilder) article(id string, r Report) {
	d := &b.doc
	checked := r.CheckedAt.UTC().Format(time.RFC3339)
	art := provRecord{
		"prov:type": qname("pc:Article"), "prov:label": articleTitle(r),
		"pc:url": anyURI(r.Article.URL), "pc:score": r.Score.Value, "pc:grade": r.Score.Grade,
	}
	if r.Article.Byline != "" {
		art["pc:byline"] = r.Article.Byline
	}
	d.Entity[id] = art
	fetch := id + "-fetch"
	d.Activity[fetch] = provRecord{"prov:type": qname("pc:Fetch"), "pc:url": anyURI(r.Article.URL), "pc:status": r.Article.Status}
	b.relation(d.WasGeneratedBy, provRecord{"prov:entity": id, "prov:activity": fetch})
	b.relation(d.WasAssociatedWith, provRecord{"prov:activity": fetch, "prov:agent": "pc:provcheck"})
	if site := b.site(r.Article.FinalURL, r.Article.URL, r.Article.SiteName); site != "" {
		b.relation(d.WasAttributedTo, provRecord{"prov:entity": id, "prov:agent": site})
	}

	// originals by URL, so that a quote finds the original it was compared with
	originals := map[string]string{}
	for _, c := range r.Citations {
		if c.Verdict == rules.FatePlaceholder || c.URL == "" {
			continue
		}
		oid := fmt.Sprintf("%s-c%d", id, c.Index)
		ent := provRecord{
			"prov:type": qname("pc:Original"), "pc:url": anyURI(c.URL), "pc:verdict": c.Verdict,
			"pc:anchor": c.Anchor,
		}
		if c.Title != "" {
			ent["prov:label"] = c.Title
		}
		if c.FinalURL != "" && c.FinalURL != c.URL {
			ent["pc:finalUrl"] = anyURI(c.FinalURL)
		}
		if len(c.Redirects) > 0 {
			var hops []any
			for _, h := range c.Redirects {
				hops = append(hops, fmt.Sprintf("%s %d", h.URL, h.Status))
			}
			ent["pc:redirects"] = hops
		}
		d.Entity[oid] = ent
		b.relation(d.WasDerivedFrom, provRecord{"prov:generatedEntity": id, "prov:usedEntity": oid, "prov:type": qname("pc:Citation")})
		originals[c.URL] = oid
		if c.FinalURL != "" {
			originals[c.FinalURL] = oid
		}
		if c.Status != 0 || c.Error != "" {
			act := provRecord{"prov:type": qname("pc:Fetch"), "pc:url": anyURI(c.URL)}
			if c.Status != 0 {
				act["pc:status"] = c.Status
			}
			if c.Error != "" {
				act["pc:error"] = c.Error
			}
			d.Activity[oid+"-fetch"] = act
			b.relation(d.WasAssociatedWith, provRecord{"prov:activity": oid + "-fetch", "prov:agent": "pc:provcheck"})
			if c.Status >= 200 && c.Status < 300 {
				b.relation(d.WasGeneratedBy, provRecord{"prov:entity": oid, "prov:activity": oid + "-fetch"})
			}
		}
		if site := b.site(c.FinalURL, c.URL, ""); site != "" {
			b.relation(d.WasAttributedTo, provRecord{"prov:entity": oid, "prov:agent": site})
		}
	}

	for _, q := range r.Quotes {
		qid := fmt.Sprintf("%s-q%d", id, q.Index)
		d.Entity[qid] = provRecord{
			"prov:type": qname("pc:Quote"), "prov:value": q.Text, "pc:verdict": q.Verdict, "pc:article": qname(id),
		}
		if q.Speaker != "" {
			pid := "pc:person-" + slug(q.Speaker)
			if _, ok := d.Agent[pid]; !ok {
				d.Agent[pid] = provRecord{"prov:type": qname("prov:Person"), "prov:label": q.Speaker}
			}
			b.relation(d.WasAttributedTo, provRecord{"prov:entity": qid, "prov:agent": pid})
		}
		cmp := qid + "-compare"
		act := provRecord{"prov:type": qname("pc:Comparison"), "prov:endTime": checked, "pc:verdict": q.Verdict}
		if q.Message != "" {
			act["prov:label"] = q.Message
		}
		if q.Similarity != nil {
			act["pc:similarity"] = *q.Similarity
		}
		d.Activity[cmp] = act
		b.relation(d.Used, provRecord{"prov:activity": cmp, "prov:entity": qid})
		b.relation(d.WasAssociatedWith, provRecord{"prov:activity": cmp, "prov:agent": "pc:provcheck"})
		oid, ok := originals[q.SourceURL]
		if q.SourceURL == "" || !ok {
			continue
		}
		b.relation(d.Used, provRecord{"prov:activity": cmp, "prov:entity": oid})
		rel := provRecord{"prov:generatedEntity": qid, "prov:usedEntity": oid, "prov:type": qname("prov:Quotation")}
		if q.SourcePassage != "" {
			rel["pc:passage"] = q.SourcePassage
		}
		b.relation(d.WasDerivedFrom, rel)
	}
}

// site returns the agent of the site that serves u (or fallback), adding it once; "" for
// a page with no host (a local file).
func (b *provBuilder) site(u, fallback, name string) string {
	host := hostOf(u)
	if u == "" || host == u {
		host = hostOf(fallback)
		if fallback == "" || host == fallback {
			return ""
		}
	}
	id := "pc:site-" + slug(host)
	if _, ok := b.doc.Agent[id]; !ok {
		label := host
		if name != "" {
			label = name + " (" + host + ")"
		}
		b.doc.Agent[id] = provRecord{"prov:type": qname("prov:Organization"), "prov:label": label}
	}
	return id
}

// slug makes the local part of a qualified name: letters and digits kept (lower case),
// dots kept, every other run of characters one hyphen.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "unknown"
	}
	return b.String()
}
