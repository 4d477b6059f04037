package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler"
)

// Exit codes, chosen here and nowhere else.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// errFindings means the check ran and found something at or above --fail-on.
var errFindings = errors.New("findings at or above --fail-on")

// usageError marks a mistake in how the command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	code := runWith(context.Background(), sigs, os.Args, os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	os.Exit(code)
}

// run is the whole program; it takes its streams as arguments so tests need no subprocess.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runWith(ctx, nil, args, stdin, stdout, stderr)
}

// runWith runs the program with interrupts delivered on sigs. The first interrupt drains
// an audit (the articles in flight finish) and cancels any other command; the second
// cancels everything.
func runWith(ctx context.Context, sigs <-chan os.Signal, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	intr := &interrupts{}
	finished := make(chan struct{})
	defer close(finished)
	go intr.watch(sigs, finished, cancel)
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr, interrupts: intr}
	err := newApp(env).RunContext(ctx, args)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	}
	msg := strings.Join(strings.Fields(err.Error()), " ")
	if errors.Is(err, crawler.ErrPrivateAddress) {
		msg += " (pass --allow-private to fetch local and private addresses)"
	}
	fmt.Fprintf(stderr, "provcheck: %s\n", msg)
	return exitUsage
}

// environment is what commands share: the process's streams and interrupts.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	interrupts     *interrupts
}

// console is where a checker command speaks to the user; the first interrupt drains it.
func (env *environment) console() checker.Console {
	return checker.Console{Out: env.stdout, Err: env.stderr, OnDrain: func(d func()) { env.interrupts.drain.Store(&d) }}
}

// interrupts routes the first interrupt to the command's drain function when it set one
// (an audit: the articles in flight finish), else to cancel; the second always cancels.
type interrupts struct{ drain atomic.Pointer[func()] }

func (i *interrupts) watch(sigs <-chan os.Signal, finished <-chan struct{}, cancel func()) {
	for n := 0; ; n++ {
		select {
		case <-sigs:
		case <-finished:
			return
		}
		if d := i.drain.Load(); n == 0 && d != nil {
			(*d)()
			continue
		}
		cancel()
		return
	}
}

func newApp(env *environment) *cli.App {
	return &cli.App{
		Name:  "provcheck",
		Usage: "check that an article's quotes and citations say what the article says they do",
		Description: "provcheck follows every citation of an article to the original, checks each quote and\n" +
			"claim against what the original really says, records every mismatch in SQLite and reports\n" +
			"the article's provenance.",
		Version:         version,
		Reader:          env.stdin,
		Writer:          env.stdout,
		ErrWriter:       env.stderr,
		HideHelpCommand: true,
		ExitErrHandler:  func(*cli.Context, error) {}, // exit codes are chosen in run
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		Commands: withUsageErrors([]*cli.Command{
			checkCommand(env),
			demoCommand(env),
			evidenceCommand(env),
			extractCommand(env),
			rulesCommand(env),
			auditCommand(env),
			workerCommand(env),
			quoteCommand(env),
			reportCommand(env),
			exportCommand(env),
			benchCommand(env),
			sourcesCommand(env),
			serveCommand(env),
		}),
	}
}

// withUsageErrors makes a bad flag of any command a one-line usage error: urfave/cli only
// uses the OnUsageError of the command itself, and without one it prints the whole help to
// standard output.
func withUsageErrors(cmds []*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }
		withUsageErrors(c.Subcommands)
	}
	return cmds
}

const version = "0.1.0"
