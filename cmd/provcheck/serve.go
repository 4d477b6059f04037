package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker/web"
)

func serveCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the newsroom's page: check a link, browse runs and articles, search quotes",
		Description: "Serves a web page over the database on --addr (loopback by default). An address\n" +
			"reachable from other machines needs --token; every request must then carry it (open\n" +
			"the printed address once: the token is kept in a cookie). --demo serves the bundled\n" +
			"demo web and its checked article, with a throwaway database unless --db is given.",
		Flags: append(fetchFlags(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT`"},
			&cli.StringFlag{Name: "token", Usage: "require `TOKEN` on every request (needed off loopback)"},
			&cli.IntFlag{Name: "max-checks", Value: 2, Usage: "run at most `N` checks at once; more are answered busy"},
			&cli.BoolFlag{Name: "demo", Usage: "serve the bundled demo web and check its article at start"},
		),
		Action: func(c *cli.Context) error { return serve(c, env) },
	}
}

func serve(c *cli.Context, env *environment) error {
	if c.NArg() != 0 {
		return usageError{"serve takes no arguments"}
	}
	if c.Int("max-checks") < 1 {
		return usageError{"--max-checks: want 1 or more"}
	}
	if err := web.CheckBind(c.String("addr"), c.String("token")); err != nil {
		return usageError{err.Error()} // before the database is opened
	}
	open := parseSettings
	if c.Bool("demo") {
		open = demoSettings
	}
	s, err := open(c, env)
	if err != nil {
		return err
	}
	s.tempDB = !c.IsSet("db")
	ss, err := s.open(c.Context)
	if err != nil {
		return err
	}
	defer ss.Close()
	site := web.Site{Addr: c.String("addr"), Token: c.String("token"), MaxChecks: c.Int("max-checks"), Demo: c.Bool("demo")}
	return web.ServeSession(c.Context, ss, site, env.stdout)
}
