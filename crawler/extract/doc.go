// Package extract turns a fetched HTML page into an [Article]: its main text, title, byline,
// site and date, the citations in the main text, the quotations with their speakers and
// offsets, and the named attributions that carry no link. It never touches the network.
package extract
