package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/export"
	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/schema"
	"github.com/kgraph/kgraph/schema/explorer"
)

func init() { extraCommands = append(extraCommands, newServeCmd) }

type serveFlags struct {
	mf           modelFlags
	addr         string
	token        string
	timeout      time.Duration
	noIntrospect bool
	pathTimeout  time.Duration
	maxCost      int
	// anyPort lets serve fall back to a free port on the same host when
	// addr is taken (the demo must start on a busy laptop).
	anyPort bool
}

func newServeCmd(g *globals) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve [--data DIR] [--addr 127.0.0.1:8080]",
		Short: "Serve the graph over GraphQL (and GraphiQL in a browser)",
		Long: `serve answers GraphQL at POST /graphql; a browser opening /graphql gets
GraphiQL, and one opening / gets the graph explorer; both work offline. It
listens on the loopback address unless told otherwise; listening elsewhere
requires --token (or $KGRAPH_TOKEN), which mutations must then send as
"Authorization: Bearer TOKEN".

Request bodies over 1 MiB are refused (413); queries are limited in depth and
length and each request in time. SIGINT or SIGTERM shut it down gracefully.`,
		Example: `  kgraph serve
  kgraph serve --data /srv/kgraph --addr 127.0.0.1:9000
  curl -s localhost:8080/graphql -d '{"query":"{ stats { documents entities relations } }"}'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkExposure(&f); err != nil {
				return err
			}
			store, err := openStore(g.data, false)
			if err != nil {
				return err
			}
			defer store.Close()
			return serve(cmd.Context(), g, &f, store, nil)
		},
	}
	registerServeFlags(cmd, &f)
	return cmd
}

func registerServeFlags(cmd *cobra.Command, f *serveFlags) {
	f.mf.register(cmd)
	cmd.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	cmd.Flags().StringVar(&f.token, "token", os.Getenv("KGRAPH_TOKEN"), "bearer token required for mutations (default $KGRAPH_TOKEN); required off loopback")
	cmd.Flags().DurationVar(&f.timeout, "timeout", 10*time.Second, "time limit of one GraphQL request")
	cmd.Flags().BoolVar(&f.noIntrospect, "no-introspection", false, "refuse introspection queries (__schema, __type)")
	cmd.Flags().DurationVar(&f.pathTimeout, "path-timeout", schema.DefaultPathTimeout, "time limit of one path or paths search")
	cmd.Flags().IntVar(&f.maxCost, "max-cost", schema.DefaultMaxCost, "query cost limit: requested list sizes (first) multiplied through nesting")
}

// checkExposure refuses a non-loopback address without a token.
func checkExposure(f *serveFlags) error {
	if !isLoopback(f.addr) && f.token == "" {
		return fmt.Errorf("refusing to listen on %s without --token: off the loopback address anyone could change the graph", f.addr)
	}
	return nil
}

// isLoopback reports whether addr's host is a loopback address or localhost.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serve runs the HTTP server until ctx is done. ready, if set, receives the
// URL once the server listens.
func serve(ctx context.Context, g *globals, f *serveFlags, store *graph.Store, ready func(url string)) error {
	if err := checkExposure(f); err != nil {
		return err
	}
	p, err := f.mf.pipeline()
	if err != nil {
		return err
	}
	opts := schema.DefaultOptions(store)
	opts.Ingester = ingest.New(p, store, ingest.Options{})
	opts.ArgumentTypes = p.ArgumentTypes()
	opts.Token = f.token
	opts.Timeout = f.timeout
	opts.DisableIntrospection = f.noIntrospect
	opts.PathTimeout = f.pathTimeout
	opts.MaxCost = f.maxCost
	h, err := schema.NewHandler(opts)
	if err != nil {
		return err
	}
	h.Mux().Handle("/export", export.Handler(store))
	h.Mux().Handle("/", explorer.Handler())
	ln, err := net.Listen("tcp", f.addr)
	if err != nil && f.anyPort && errors.Is(err, syscall.EADDRINUSE) {
		host, _, _ := net.SplitHostPort(f.addr)
		fmt.Fprintf(g.stderr, "kgraph: %s is in use; serving on a free port instead\n", f.addr)
		ln, err = net.Listen("tcp", net.JoinHostPort(host, "0"))
	}
	if err != nil {
		return fmt.Errorf("listening on %s: %w", f.addr, err)
	}
	url := "http://" + ln.Addr().String()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	slog.Info("serving", "url", url+"/graphql", "data", g.data)
	if ready != nil {
		ready(url)
	} else {
		fmt.Fprintf(g.stderr, "kgraph: serving GraphQL at %s/graphql (GraphiQL in a browser), the graph explorer at %s/; Ctrl-C stops\n", url, url)
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(g.stderr, "kgraph: server stopped")
	return nil
}
