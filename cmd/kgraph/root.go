package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// exitError carries a process exit status through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// globals are the flags every command shares.
type globals struct {
	data       string
	logLevel   string
	cpuProfile string
	stopProf   func()
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
}

func defaultDataDir() string {
	if d := os.Getenv("KGRAPH_DATA"); d != "" {
		return d
	}
	return "./kgraph-data"
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "kgraph",
		Short: "Turn documents into a knowledge graph of people, organizations and their relations",
		Long: `kgraph reads documents (news articles, blog posts, reports), finds the people
and organizations they mention and the relations between them, stores the
graph in an embedded badger database and serves it over GraphQL. Every edge
keeps the sentences that support it.

Start with:  kgraph demo`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(g.logLevel)); err != nil {
				return fmt.Errorf("--log-level: %w", err)
			}
			slog.SetDefault(slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: lvl})))
			if g.cpuProfile != "" {
				f, err := os.Create(g.cpuProfile)
				if err != nil {
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				if err := pprof.StartCPUProfile(f); err != nil {
					f.Close()
					return fmt.Errorf("--cpuprofile: %w", err)
				}
				g.stopProf = func() { pprof.StopCPUProfile(); f.Close() }
			}
			return nil
		},
	}
	root.SetIn(g.stdin)
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.PersistentFlags().StringVar(&g.data, "data", defaultDataDir(), "data directory ($KGRAPH_DATA when set)")
	root.PersistentFlags().StringVar(&g.logLevel, "log-level", "warn", "log level: debug, info, warn or error")
	root.PersistentFlags().StringVar(&g.cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (go tool pprof)")
	root.PersistentFlags().MarkHidden("cpuprofile")
	root.AddCommand(
		newExtractCmd(g),
	)
	for _, add := range extraCommands {
		root.AddCommand(add(g))
	}
	return root
}

// extraCommands are registered by the files that define them.
var extraCommands []func(*globals) *cobra.Command

// run executes the command line and returns the exit status: 0 on success,
// 1 on failure, 2 for usage errors, 3 when some inputs failed.
func run(args []string) int {
	g := &globals{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runWith(ctx, g, args)
}

// runWith runs one command line; ctx ending stops servers gracefully.
func runWith(ctx context.Context, g *globals, args []string) int {
	root := newRootCmd(g)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if g.stopProf != nil { // also when the command failed
		g.stopProf()
		g.stopProf = nil
	}
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(g.stderr, "kgraph:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(g.stderr, "kgraph:", err)
	if strings.Contains(err.Error(), "unknown command") || strings.Contains(err.Error(), "flag") || strings.Contains(err.Error(), "arg(s)") {
		return 2
	}
	return 1
}
