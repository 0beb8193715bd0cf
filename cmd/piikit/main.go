// Command piikit pseudonymizes personal data with keys kept in Tink keysets:
// it manages keysets, tokenizes and masks values, and exports whole tables.
//
// Run `piikit --help` for the list of subcommands and `piikit <command>
// --help` for each one's flags.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/piikit/piikit/internal/fileio"
)

// A command is one `piikit <name>` subcommand. Each lives in its own file and
// registers itself with [register] from an init function.
type command struct {
	name    string
	summary string // one line, shown by `piikit --help`
	// run executes the command. Returning a [usageError] prints the command's
	// help and exits with status 2; any other error exits with status 1.
	run func(ctx context.Context, env *env, args []string) error
}

// env is the outside world of a command, so tests can run it in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// isTerminal reports whether stderr is a terminal (progress bars).
	isTerminal bool
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("piikit: command registered twice: " + c.name)
	}
	commands[c.name] = c
}

// usageError is a mistake in how a command was called (a missing or unknown
// flag, a bad flag value): the message is printed with a hint to --help.
// helpFor is the command whose help to point to when it is not the top-level
// command itself (a verb: "keyset create").
// err, when set, is the typed error the message comes from.
type usageError struct {
	msg, helpFor string
	err          error
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Unwrap() error { return e.err }

// exitStatus ends a command that has printed its result with a status
// other than 0, silently (scan's 3: personal values found).
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// usageErr makes err a usage error, keeping it for errors.Is and As.
func usageErr(err error) error { return &usageError{msg: err.Error(), err: err} }

func main() {
	runProcess(nil)
}

// runProcess is main; ready, if not nil, is called once signals are
// handled.
func runProcess(ready func()) {
	ctx := exitOnSignal(os.Stderr)
	if ready != nil {
		ready()
	}
	code := run(ctx, processEnv(), os.Args[1:])
	if ctx.Err() != nil {
		// Only a signal cancels ctx: its handler removes the temporary
		// files and exits with the signal's status, which must not race
		// with the run's own (1, "context canceled").
		select {}
	}
	os.Exit(code)
}

// processEnv is the env of the process: its standard streams.
func processEnv() *env {
	return &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, isTerminal: stderrIsTerminal()}
}

// exitOnSignal makes the first SIGINT or SIGTERM end the process promptly,
// even while a read blocks (stdin with no data, a FIFO): it cancels the
// returned context, waits for whatever holds the exit gate (see
// uninterrupted), removes every temporary output file and exits with 128
// plus the signal's number (130, 143). No output is then presented as
// complete that was not complete before the signal.
func exitOnSignal(stderr io.Writer) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-sigs
		cancel()
		exitGate.Lock() // never released: the process ends here
		fileio.AbortAll()
		code := 128 + int(syscall.SIGINT)
		if s, ok := sig.(syscall.Signal); ok {
			code = 128 + int(s)
		}
		fmt.Fprintf(stderr, "piikit: interrupted (%v)\n", sig)
		os.Exit(code)
	}()
	return ctx
}

// exitGate holds off the exit on a signal while a run writes what must not
// be cut in half: an audit line, the files of a finished export, a keyset.
var exitGate sync.RWMutex

// uninterrupted runs fn with the exit gate held. fn must be short and must
// not call uninterrupted itself.
func uninterrupted(fn func() error) error {
	exitGate.RLock()
	defer exitGate.RUnlock()
	return fn()
}

// run executes piikit with args and returns the exit status: 0 on success, 1
// on failure, 2 on a usage mistake, or a command's own (an [exitStatus]:
// scan's 3). Every failure prints exactly one line.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stdout)
		return 2
	}
	if sub, ok := helpRequest(args); ok {
		if sub == nil {
			printHelp(e.stdout)
			return 0
		}
		args = sub
	}
	if args[0] == "--version" || args[0] == "version" {
		fmt.Fprintln(e.stdout, "piikit", version())
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "piikit: unknown command %q (see piikit --help)\n", args[0])
		return 2
	}
	err := c.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	var ue *usageError
	if errors.As(err, &ue) {
		helpFor := c.name
		if ue.helpFor != "" {
			helpFor = ue.helpFor
		}
		fmt.Fprintf(e.stderr, "piikit %s: %s (see piikit %s --help)\n", c.name, oneLine(ue.msg), helpFor)
		return 2
	}
	fmt.Fprintf(e.stderr, "piikit %s: %s\n", c.name, oneLine(err.Error()))
	return 1
}

// helpRequest is the one reading of a request for help, at every level of
// subcommands (piikit, piikit keyset): args start with -h, -help, --help (as
// the flag package spells them) or the word help. Followed by a name, they
// ask for that subcommand's help: sub is then the name, --help and the rest,
// for the caller to dispatch as usual (so piikit help keyset create reaches
// keyset with --help create, and create with --help). Otherwise sub is nil:
// the help of this level.
func helpRequest(args []string) (sub []string, ok bool) {
	if len(args) == 0 || !isHelpArg(args[0]) {
		return nil, false
	}
	if len(args) == 1 || strings.HasPrefix(args[1], "-") {
		return nil, true
	}
	return append([]string{args[1], "--help"}, args[2:]...), true
}

func isHelpArg(arg string) bool {
	switch arg {
	case "-h", "--h", "-help", "--help", "help":
		return true
	}
	return false
}

// newFlagSet returns a flag set for a subcommand whose --help prints usage (a
// paragraph on what the command does) followed by every flag.
func newFlagSet(e *env, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("piikit "+name, flag.ContinueOnError)
	// fs.Parse calls Usage on every mistake, not only for --help. Usage
	// writes into a buffer, and parseFlags passes it on to stdout only when
	// help was asked for: a mistyped flag gives one line, not a page.
	fs.SetOutput(&helpOutput{stdout: e.stdout})
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "%s\n\nFlags:\n", strings.TrimSpace(usage))
		fs.PrintDefaults()
	}
	return fs
}

// helpOutput holds what a flag set prints while parsing.
type helpOutput struct {
	bytes.Buffer
	stdout io.Writer
}

// parseFlags parses args into fs. Help (see helpRequest) prints the usage
// and yields flag.ErrHelp (exit 0); any other flag mistake is a usageError.
// Positional arguments are refused unless the command takes them (maxArgs).
func parseFlags(fs *flag.FlagSet, args []string, maxArgs int) error {
	if _, ok := helpRequest(args); ok {
		// A command has no subcommands: help, even with a name after it,
		// is its own help.
		args = []string{"--help"}
	}
	err := fs.Parse(args)
	if out, ok := fs.Output().(*helpOutput); ok {
		if errors.Is(err, flag.ErrHelp) {
			out.stdout.Write(out.Bytes())
		}
		out.Reset()
	}
	if errors.Is(err, flag.ErrHelp) {
		return flag.ErrHelp
	}
	if err != nil {
		return usagef("%v", err)
	}
	if fs.NArg() > maxArgs {
		return usagef("unexpected argument %q", fs.Arg(maxArgs))
	}
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, `piikit pseudonymizes personal data (names, phone numbers, emails, IDs) with
deterministic tokens and format-preserving masks, keyed by Tink keysets.

Usage:
  piikit <command> [flags]

Commands:
`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, `
Run "piikit <command> --help" for a command's flags.
`)
}

// oneLine keeps an error message on a single line of output.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func version() string {
	return "v0.1.0-dev"
}
