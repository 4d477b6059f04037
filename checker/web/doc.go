// Package web is the newsroom's page over the database: a form to check a link (the check
// runs in the background), the runs with their progress, a run's articles, one article's
// report, quote search with lineage, the sites' and bylines' track record, and every
// export as a download. It uses net/http and html/template only; templates and CSS are
// embedded and the pages carry no script.
//
// Safety: every response sets a strict Content-Security-Policy; with a token configured,
// every request must carry it (401 otherwise); POST forms carry a CSRF token checked
// against a cookie; at most [Config.MaxChecks] checks run at once, a further one is
// answered "busy" (503). URLs submitted through the form are fetched by the same crawler
// as on the command line, so its address guard applies to them unchanged.
package web
