package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/kgraph/kgraph/graph/ingest"
)

// gqlClient talks to a running kgraph server.
type gqlClient struct {
	url   string
	token string
	http  *http.Client
}

func newClient(server, token string) *gqlClient {
	u := strings.TrimRight(server, "/")
	if !strings.HasSuffix(u, "/graphql") {
		u += "/graphql"
	}
	if !strings.Contains(u, "://") {
		u = "http://" + u
	}
	return &gqlClient{url: u, token: token, http: &http.Client{Timeout: 5 * time.Minute}}
}

// do runs a GraphQL operation and decodes data into out.
func (c *gqlClient) do(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("contacting kgraph server: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return err
	}
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []struct {
			Message    string         `json:"message"`
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return fmt.Errorf("server answered %s: %.200s", resp.Status, b)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("server: %s (%v)", r.Errors[0].Message, r.Errors[0].Extensions["code"])
	}
	return json.Unmarshal(r.Data, out)
}

const ingestMutation = `mutation($docs: [DocumentInput!]!) {
  ingest(documents: $docs) { added replaced unchanged failed errors }
}`

// ingestRemote reads documents locally and sends them to the server in
// batches that stay under its 1 MiB request limit.
func ingestRemote(ctx context.Context, g *globals, f *ingestFlags, paths []string) error {
	c := newClient(f.server, f.token)
	start := time.Now()
	var res ingest.Result
	var batch []map[string]any
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		var out struct {
			Ingest struct {
				Added, Replaced, Unchanged, Failed int
				Errors                             []string
			}
		}
		if err := c.do(ctx, ingestMutation, map[string]any{"docs": batch}, &out); err != nil {
			return err
		}
		res.Added += out.Ingest.Added
		res.Replaced += out.Ingest.Replaced
		res.Unchanged += out.Ingest.Unchanged
		res.Failed += out.Ingest.Failed
		for _, e := range out.Ingest.Errors {
			res.Errors = append(res.Errors, &ingest.SourceError{Source: "server", Err: fmt.Errorf("%s", e)})
		}
		batch, size = batch[:0], 0
		return nil
	}
	r := &ingest.Reader{SectionBytes: 256 << 10, Stdin: g.stdin, OnError: func(e *ingest.SourceError) {
		if strings.Contains(e.Err.Error(), "empty") {
			res.Skipped++
		} else {
			res.Failed++
		}
		res.Errors = append(res.Errors, e)
	}}
	err := r.Read(ctx, paths, func(d ingest.Doc) error {
		n := len(d.Text) + len(d.Title) + len(d.URL) + 256
		if size+n > 700<<10 || len(batch) >= 32 {
			if err := flush(); err != nil {
				return err
			}
		}
		batch = append(batch, map[string]any{"id": d.ID, "title": d.Title, "date": d.Date, "url": d.URL, "text": d.Text})
		size += n
		return nil
	})
	if err == nil {
		err = flush()
	}
	res.Documents = res.Added + res.Replaced + res.Unchanged
	res.Elapsed = time.Since(start)
	printSummary(g.stderr, res, "")
	if err != nil {
		return err
	}
	if res.Failed > 0 {
		return &exitError{code: 3, err: fmt.Errorf("%d inputs failed", res.Failed)}
	}
	return nil
}
