package export

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/kgraph/kgraph/graph"
)

// Handler serves GET /export?format=F&… : the store in format F, streamed,
// with the format's Content-Type and a Content-Disposition file name
// (kgraph.<ext>; neo4j-csv comes as a zip of its files). The query
// parameters are the command's filter flags: types, relation-types,
// min-weight, around, hops (default 1 with around), no-comentions, and
// dgraph-schema for nquads. Repeated or comma-separated values both work
// for types and relation-types. A bad format or filter answers 400 before
// anything is streamed; an error later cuts the stream short (and is
// logged).
func Handler(s *graph.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "export: use GET", http.StatusMethodNotAllowed)
			return
		}
		q := r.URL.Query()
		f, err := Lookup(q.Get("format"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		o, err := optionsFromQuery(q)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		name := "kgraph" + f.Extension
		if f.Name == "nquads" && o.DgraphSchema {
			name = "kgraph.dgraph.schema"
		}
		lw := &lazyWriter{w: w, header: func(h http.Header) {
			ct := f.ContentType
			if f.Name == "nquads" && o.DgraphSchema {
				ct = "text/plain; charset=utf-8"
			}
			h.Set("Content-Type", ct)
			h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
			h.Set("X-Content-Type-Options", "nosniff")
		}}
		if r.Method == http.MethodHead {
			lw.start()
			return
		}
		err = WriteZip(r.Context(), s, f.Name, lw, o)
		if err != nil && !lw.started {
			status := http.StatusInternalServerError
			if errors.Is(err, ErrBadFilter) || errors.Is(err, ErrUnknownFormat) {
				status = http.StatusBadRequest
			}
			http.Error(w, err.Error(), status)
			return
		}
		if err != nil && r.Context().Err() == nil {
			slog.Warn("export: stream cut short", "format", f.Name, "err", err)
		}
		lw.start() // an empty export still gets its headers
	})
}

// optionsFromQuery reads the filter parameters of the HTTP export.
func optionsFromQuery(q map[string][]string) (Options, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	var o Options
	o.Filter.Types = q["types"]
	o.Filter.RelationTypes = q["relation-types"]
	o.Filter.Around = strings.TrimSpace(get("around"))
	o.Filter.NoCoMentions = boolParam(get("no-comentions"))
	o.DgraphSchema = boolParam(get("dgraph-schema"))
	var err error
	if v := get("min-weight"); v != "" {
		if o.Filter.MinWeight, err = strconv.Atoi(v); err != nil {
			return o, fmt.Errorf("%w: min-weight %q is not a number", ErrBadFilter, v)
		}
	}
	if o.Filter.Around != "" {
		o.Filter.Hops = 1
	}
	if v := get("hops"); v != "" {
		if o.Filter.Hops, err = strconv.Atoi(v); err != nil {
			return o, fmt.Errorf("%w: hops %q is not a number", ErrBadFilter, v)
		}
	}
	if o.Filter.MinWeight < 0 || o.Filter.Hops < 0 {
		return o, fmt.Errorf("%w: negative min-weight or hops", ErrBadFilter)
	}
	return o, nil
}

func boolParam(v string) bool {
	switch strings.ToLower(v) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

// lazyWriter sets the response headers on the first write, so that an
// error before any output can still answer with an error status.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

func (l *lazyWriter) start() {
	if !l.started {
		l.started = true
		l.header(l.w.Header())
		l.w.WriteHeader(http.StatusOK)
	}
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	l.start()
	return l.w.Write(p)
}
