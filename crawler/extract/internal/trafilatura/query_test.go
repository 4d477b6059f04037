package trafilatura

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sameAsCascadia reports which of the plain-walk queries finds other elements than the
// selector query it stands for, "" when none does.
func sameAsCascadia(doc *html.Node) string {
	for _, q := range []struct {
		name string
		got  []*html.Node
		want []*html.Node
	}{
		{"headMetas", headMetas(doc), dom.QuerySelectorAll(doc, "head meta[content]")},
		{"ogMetas", ogMetas(doc), dom.QuerySelectorAll(doc, `meta[property^="og:"]`)},
		{"jsonScripts", jsonScripts(doc), append(dom.QuerySelectorAll(doc, `script[type="application/ld+json"]`),
			dom.QuerySelectorAll(doc, `script[type="application/settings+json"]`)...)},
	} {
		if !slices.Equal(q.got, q.want) {
			return q.name
		}
	}
	return ""
}

func TestQueriesSameAsCascadia(t *testing.T) {
	for name, body := range pages(t) {
		doc := parse(t, body)
		if q := sameAsCascadia(doc); q != "" {
			t.Errorf("%s: %s differs from its selector query", filepath.Base(name), q)
		}
		// A subtree: the head test looks above it.
		for _, head := range dom.GetElementsByTagName(doc, "head") {
			if q := sameAsCascadia(head); q != "" {
				t.Errorf("%s: %s differs from its selector query under <head>", filepath.Base(name), q)
			}
		}
	}
}

func FuzzQueries(f *testing.F) {
	for _, s := range []string{
		`<head><meta content=x><meta property="og:title" content=y></head><body><meta content=z><head><meta content=w></head></body>`,
		`<script type="application/settings+json">{}</script><script type="application/ld+json">{}</script><script type=application/ld+json>`,
		`<svg><head><meta content=a></head></svg><meta property="og:" content><meta property=" og:x"><meta property=og:x property=y>`,
		`<template><head><meta content=t></head></template><math><meta content=m property=og:m></math>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		if q := sameAsCascadia(doc); q != "" {
			t.Fatalf("%q: %s differs from its selector query", s, q)
		}
		if nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "head", DataAtom: atom.Head}); err == nil {
			root := &html.Node{Type: html.ElementNode, Data: "head"}
			for _, n := range nodes {
				root.AppendChild(n)
			}
			if q := sameAsCascadia(root); q != "" {
				t.Fatalf("%q in a <head>: %s differs from its selector query", s, q)
			}
		}
	})
}
