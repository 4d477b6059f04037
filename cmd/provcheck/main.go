package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/urfave/cli/v2"

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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the whole program; it takes its streams as arguments so tests need no subprocess.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr}
	app := newApp(env)
	err := app.RunContext(ctx, args)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	}
	msg := oneLine(err)
	if errors.Is(err, crawler.ErrPrivateAddress) {
		msg += " (pass --allow-private to fetch local and private addresses)"
	}
	fmt.Fprintf(stderr, "provcheck: %s\n", msg)
	return exitUsage
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// environment is what commands share: the process's streams.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
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
			extractCommand(env),
			rulesCommand(env),
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
