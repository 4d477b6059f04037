package checker

import (
	"context"
	"fmt"
	"net"
)

// BenchRequest is what one bench command asks for: a web of Kind ("simple", or "real"
// made from the pages in Pages), served for another tool to crawl (ServeOnly) or audited
// as Config says and measured.
type BenchRequest struct {
	Kind, Pages string
	ServeOnly   bool
	Render      string      // auto, never or always ("": auto), as audit's --render
	Config      BenchConfig // its Web gives N, Sites and SharedOriginals
}

// RunBench builds the web and audits it, writing the measurements to con.Out, or serves
// it until ctx ends, writing its address to con.Out.
func RunBench(ctx context.Context, req BenchRequest, con Console) error {
	if req.Config.Web.N <= 0 {
		return InputError(fmt.Errorf("--articles %d: want 1 or more", req.Config.Web.N))
	}
	req.Config.Web.Sites = max(req.Config.Web.Sites, 1)
	mode, err := renderMode(req.Render)
	if err != nil {
		return err
	}
	req.Config.Render = mode
	web, err := BenchWeb(req.Kind, req.Pages, req.Config.Web)
	if err != nil {
		return err
	}
	if req.ServeOnly {
		return ServeBench(ctx, web, func(addr net.Addr) {
			fmt.Fprintf(con.Out, "http://%s/\n", addr)
			fmt.Fprintf(con.Err, "bench: serving %d articles; index at http://%s/, article URLs by name with --resolve HOST:80:%s; Ctrl-C stops\n", web.N, addr, addr)
		})
	}
	cfg := req.Config
	cfg.Web = web
	cfg.Started = func(addr net.Addr) {
		fmt.Fprintf(con.Err, "bench: auditing %d generated articles on %s with %d workers\n", web.N, addr, cfg.Workers)
	}
	res, err := Bench(ctx, cfg)
	if err != nil {
		return err
	}
	return res.WriteText(con.Out, web)
}
