package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/piprate/json-gold/ld"

	"github.com/provcheck/provcheck/checker/report"
)

// schemaOrgContext is a minimal stand-in for https://schema.org's JSON-LD context: its
// vocabulary and the terms of the export whose values are IRIs or dates. The real one is
// on the network, which tests never touch.
const schemaOrgContext = `{"@context": {
  "@vocab": "http://schema.org/",
  "url": {"@id": "http://schema.org/url", "@type": "@id"},
  "datePublished": {"@id": "http://schema.org/datePublished", "@type": "http://schema.org/Date"}
}}`

// offlineLoader serves the schema.org context and refuses every other document.
type offlineLoader struct{}

func (offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	switch strings.TrimSuffix(u, "/") {
	case "https://schema.org", "http://schema.org":
		doc, err := ld.DocumentFromReader(strings.NewReader(schemaOrgContext))
		if err != nil {
			return nil, err
		}
		return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
	}
	return nil, fmt.Errorf("offline: no document %s", u)
}

const schema = "http://schema.org/"

func TestClaimReviewExpands(t *testing.T) {
	run := fixtureRun(t)
	var b bytes.Buffer
	if err := report.WriteClaimReview(&b, run, report.ClaimReviewOptions{Org: "Fact Desk", OrgURL: "https://factdesk.example/"}); err != nil {
		t.Fatalf("WriteClaimReview: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("ClaimReview is not JSON: %v", err)
	}
	if doc["@context"] != "https://schema.org" {
		t.Errorf("@context = %v, want https://schema.org", doc["@context"])
	}
	want := 0
	for _, r := range run.Reports {
		want += len(r.Quotes) + len(r.Claims)
	}
	if n := len(doc["@graph"].([]any)); n != want {
		t.Errorf("@graph has %d reviews, want one per quote and claim: %d", n, want)
	}

	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = offlineLoader{}
	expanded, err := ld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		t.Fatalf("expand ClaimReview JSON-LD: %v", err)
	}
	if len(expanded) != want {
		t.Fatalf("expanded to %d nodes, want %d", len(expanded), want)
	}
	alternates := map[string]int{}
	for _, n := range expanded {
		node := n.(map[string]any)
		if !hasType(node, schema+"ClaimReview") {
			t.Fatalf("node types %v, want ClaimReview", node["@type"])
		}
		for _, p := range []string{"url", "claimReviewed", "itemReviewed", "author", "datePublished", "reviewRating"} {
			if _, ok := node[schema+p]; !ok {
				t.Errorf("ClaimReview lacks %s: %v", p, node)
			}
		}
		if id := first(node, "url")["@id"]; !strings.Contains(fmt.Sprint(id), "#provcheck-") {
			t.Errorf("url = %v, want the article URL with a fragment", id)
		}
		item := first(node, "itemReviewed")
		if !hasType(item, schema+"Claim") {
			t.Errorf("itemReviewed types %v, want Claim", item["@type"])
		}
		app := first(item, "appearance")
		if !hasType(app, schema+"CreativeWork") || first(app, "url")["@id"] == nil {
			t.Errorf("appearance = %v, want a CreativeWork with a url", app)
		}
		if author, ok := item[schema+"author"]; ok && !hasType(author.([]any)[0].(map[string]any), schema+"Person") {
			t.Errorf("claim author %v, want a Person", author)
		}
		org := first(node, "author")
		if !hasType(org, schema+"Organization") || first(org, "name")["@value"] != "Fact Desk" {
			t.Errorf("review author = %v, want the Organization Fact Desk", org)
		}
		rating := first(node, "reviewRating")
		v, best, worst := first(rating, "ratingValue")["@value"], first(rating, "bestRating")["@value"], first(rating, "worstRating")["@value"]
		if !hasType(rating, schema+"Rating") || best != 5.0 || worst != 1.0 || v.(float64) < 1 || v.(float64) > 5 {
			t.Errorf("reviewRating = %v, want a Rating from 1 to 5", rating)
		}
		alternates[fmt.Sprint(first(rating, "alternateName")["@value"])]++
	}
	for _, name := range []string{"Verified quote", "Altered quote", "Quote not found", "Unsourced claim"} {
		if alternates[name] == 0 {
			t.Errorf("no review rated %q; ratings: %v", name, alternates)
		}
	}
}

func hasType(node map[string]any, typ string) bool {
	ts, _ := node["@type"].([]any)
	for _, t := range ts {
		if t == typ {
			return true
		}
	}
	return false
}

// first returns the first value of the schema.org property p of an expanded node.
func first(node map[string]any, p string) map[string]any {
	vs, _ := node[schema+p].([]any)
	if len(vs) == 0 {
		return map[string]any{}
	}
	m, _ := vs[0].(map[string]any)
	return m
}

func TestPROVJSON(t *testing.T) {
	s := compileSchema(t, "prov-json.schema.json")
	for _, tc := range []struct {
		name string
		run  report.Run
	}{{"demo", demoRun(t)}, {"run", fixtureRun(t)}} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := report.WritePROV(&b, tc.run); err != nil {
				t.Fatalf("WritePROV: %v", err)
			}
			validate(t, s, "PROV-JSON", b.Bytes())
			var doc map[string]map[string]any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("PROV-JSON: %v", err)
			}
			if doc["prefix"]["pc"] == nil || doc["prefix"]["xsd"] == nil {
				t.Errorf("prefix = %v, want pc and xsd", doc["prefix"])
			}
			// Every relation points at declared elements.
			kinds := map[string]string{
				"prov:entity": "entity", "prov:activity": "activity", "prov:agent": "agent",
				"prov:generatedEntity": "entity", "prov:usedEntity": "entity",
			}
			for _, rel := range []string{"wasGeneratedBy", "used", "wasDerivedFrom", "wasAttributedTo", "wasAssociatedWith"} {
				if len(doc[rel]) == 0 {
					t.Errorf("no %s relation", rel)
				}
				for id, rec := range doc[rel] {
					for arg, kind := range kinds {
						ref, ok := rec.(map[string]any)[arg]
						if ok && doc[kind][ref.(string)] == nil {
							t.Errorf("%s %s: %s %v is not a declared %s", rel, id, arg, ref, kind)
						}
					}
				}
			}
			// The demo article's altered quote was quoted from the Economic Times original.
			quotations := 0
			for _, rec := range doc["wasDerivedFrom"] {
				r := rec.(map[string]any)
				if typ, _ := r["prov:type"].(map[string]any); typ["$"] == "prov:Quotation" {
					quotations++
					if r["prov:generatedEntity"] == "pc:a1-q1" && r["prov:usedEntity"] != "pc:a1-c3" {
						t.Errorf("quote 1 quoted from %v, want pc:a1-c3 (the Economic Times)", r["prov:usedEntity"])
					}
				}
			}
			if quotations == 0 {
				t.Errorf("no wasDerivedFrom of prov:type prov:Quotation")
			}
			for _, agent := range []string{"pc:provcheck", "pc:site-worldnews.example", "pc:person-sergei-lavrov"} {
				if doc["agent"][agent] == nil {
					t.Errorf("no agent %s", agent)
				}
			}
		})
	}
	// The schema rejects what PROV-JSON does not allow.
	for _, bad := range []string{
		`{"wasQuotedFrom": {}}`,
		`{"wasDerivedFrom": {"_:d": {"prov:usedEntity": "pc:x"}}}`,
		`{"entity": {"pc:x": {"prov:label": {"lang": "en"}}}}`,
	} {
		v, _ := jsonschemaValue([]byte(bad))
		if err := s.Validate(v); err == nil {
			t.Errorf("PROV-JSON schema accepts %s", bad)
		}
	}
}
