package schema

import (
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/kgraph/kgraph/graph"
	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/nlp"
)

//go:embed schema.graphql
var sdl string

// SDL returns the GraphQL schema text.
func SDL() string { return sdl }

// Options configures the GraphQL handler.
type Options struct {
	// Store is the graph served. Required.
	Store *graph.Store
	// Ingester runs the ingest mutation; nil disables it.
	Ingester *ingest.Ingester
	// ArgumentTypes are the entity types each relation type takes
	// (nlp.Pipeline.ArgumentTypes of the extractor that built the graph);
	// Relation.typesAgree checks against them. Default nil: every
	// relation's types agree.
	ArgumentTypes nlp.ArgumentTypes
	// Token, when set, is the bearer token mutations require
	// ("Authorization: Bearer TOKEN"). Default "": mutations are open, which
	// the server allows only on a loopback address.
	Token string
	// MaxBodyBytes refuses larger request bodies with 413. Default 1 MiB.
	MaxBodyBytes int64
	// MaxDepth limits selection nesting. Default 12.
	MaxDepth int
	// MaxQueryLength limits the query text in bytes. Default 20000.
	MaxQueryLength int
	// Timeout bounds each request. Default 10s.
	Timeout time.Duration
	// PathTimeout bounds one path or paths search (within Timeout).
	// Default 1s.
	PathTimeout time.Duration
	// PathMaxVisited bounds the entities one path search may reach.
	// Default graph.DefaultMaxVisited.
	PathMaxVisited int
	// MaxCost is the query cost limit (see cost.go), checked before
	// execution. Default DefaultMaxCost.
	MaxCost int
	// DisableIntrospection refuses __schema and __type queries.
	DisableIntrospection bool
	// Logger receives request errors. Default slog.Default().
	Logger *slog.Logger
}

// DefaultOptions returns the options with every default filled in.
func DefaultOptions(store *graph.Store) Options {
	return Options{Store: store, MaxBodyBytes: 1 << 20, MaxDepth: 12, MaxQueryLength: 20000, Timeout: 10 * time.Second}
}

// Handler serves GraphQL at POST /graphql (and GET with ?query= for
// queries), and GraphiQL to browsers at GET /graphql.
type Handler struct {
	schema *graphql.Schema
	opts   Options
	cost   *coster
	mux    *http.ServeMux
}

type tokenKey struct{}

// NewHandler parses the schema and returns the HTTP handler.
func NewHandler(opts Options) (*Handler, error) {
	def := DefaultOptions(opts.Store)
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = def.MaxBodyBytes
	}
	if opts.MaxDepth <= 0 {
		opts.MaxDepth = def.MaxDepth
	}
	if opts.MaxQueryLength <= 0 {
		opts.MaxQueryLength = def.MaxQueryLength
	}
	if opts.Timeout <= 0 {
		opts.Timeout = def.Timeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Store == nil {
		return nil, errors.New("schema: Options.Store is required")
	}
	if opts.PathTimeout <= 0 {
		opts.PathTimeout = DefaultPathTimeout
	}
	if opts.PathMaxVisited <= 0 {
		opts.PathMaxVisited = graph.DefaultMaxVisited
	}
	root := &Resolver{store: opts.Store, ingester: opts.Ingester, pathTimeout: opts.PathTimeout, maxVisited: opts.PathMaxVisited, argTypes: opts.ArgumentTypes}
	if opts.Token != "" {
		root.auth = func(ctx context.Context) bool { ok, _ := ctx.Value(tokenKey{}).(bool); return ok }
	}
	sopts := []graphql.SchemaOpt{
		graphql.UseStringDescriptions(),
		graphql.MaxDepth(opts.MaxDepth),
		graphql.MaxQueryLength(opts.MaxQueryLength),
		graphql.MaxParallelism(8),
		graphql.PanicHandler(panicHandler{opts.Logger}),
	}
	if opts.DisableIntrospection {
		sopts = append(sopts, graphql.DisableIntrospection())
	}
	s, err := graphql.ParseSchema(sdl, root, sopts...)
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if opts.MaxCost <= 0 {
		opts.MaxCost = DefaultMaxCost
	}
	c, err := newCoster(sdl)
	if err != nil {
		return nil, err
	}
	h := &Handler{schema: s, opts: opts, mux: http.NewServeMux(), cost: c}
	h.mux.HandleFunc("/graphql", h.serveGraphQL)
	h.mux.HandleFunc("/graphql/assets/", serveAsset)
	h.mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.mux.ServeHTTP(w, r) }

// Mux returns the handler's ServeMux so that callers can add routes.
func (h *Handler) Mux() *http.ServeMux { return h.mux }

type request struct {
	Query         string         `json:"query"`
	OperationName string         `json:"operationName"`
	Variables     map[string]any `json:"variables"`
}

func (h *Handler) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	var req request
	switch r.Method {
	case http.MethodGet:
		if r.URL.Query().Get("query") == "" {
			if strings.Contains(r.Header.Get("Accept"), "text/html") || r.Header.Get("Accept") == "" {
				serveGraphiQL(w, r)
				return
			}
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "GET /graphql needs a query parameter")
			return
		}
		req.Query = r.URL.Query().Get("query")
		req.OperationName = r.URL.Query().Get("operationName")
		if v := r.URL.Query().Get("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				writeError(w, http.StatusBadRequest, "BAD_REQUEST", "variables is not a JSON object: "+err.Error())
				return
			}
		}
		if strings.HasPrefix(strings.TrimSpace(req.Query), "mutation") {
			writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "mutations need POST")
			return
		}
	case http.MethodPost:
		body := http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes)
		b, err := io.ReadAll(body)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				writeError(w, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE",
					fmt.Sprintf("request body over %d bytes", h.opts.MaxBodyBytes))
				return
			}
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", err.Error())
			return
		}
		if err := json.Unmarshal(b, &req); err != nil {
			writeError(w, http.StatusBadRequest, "BAD_REQUEST", "body is not a GraphQL JSON request: "+err.Error())
			return
		}
	default:
		w.Header().Set("Allow", "GET, POST")
		writeError(w, http.StatusMethodNotAllowed, "BAD_REQUEST", "use GET or POST")
		return
	}
	if strings.TrimSpace(req.Query) == "" {
		writeError(w, http.StatusBadRequest, "BAD_REQUEST", "no query")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	if h.opts.Token != "" {
		ctx = context.WithValue(ctx, tokenKey{}, bearerOK(r, h.opts.Token))
	}
	ctx = withClient(ctx, r)
	if cost, ok := h.cost.cost(req.Query, req.OperationName, req.Variables); ok && cost > float64(h.opts.MaxCost) {
		err := fmt.Errorf("%w: query cost %.0f exceeds the limit of %d (lower first arguments or nesting)", ErrTooComplex, cost, h.opts.MaxCost)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": err.Error(),
			"extensions": map[string]any{"code": CodeTooComplex, "cost": cost, "limit": h.opts.MaxCost}}}})
		return
	}
	resp := h.schema.Exec(ctx, req.Query, req.OperationName, req.Variables)
	for _, e := range resp.Errors {
		addCode(e, ctx)
	}
	w.Header().Set("Content-Type", "application/json")
	b, err := json.Marshal(resp)
	if err != nil {
		writeError(w, http.StatusInternalServerError, CodeInternal, err.Error())
		return
	}
	w.Write(b)
}

func bearerOK(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// addCode gives errors that graphql-go raised itself (parse, validation,
// limits) an extensions.code.
func addCode(e *gqlerrors.QueryError, ctx context.Context) {
	if e.Extensions != nil && e.Extensions["code"] != nil {
		return
	}
	code := CodeInternal
	msg := strings.ToLower(e.Message)
	switch {
	case ctx.Err() != nil:
		code = CodeTimeout
	case strings.Contains(msg, "syntax error"):
		code = CodeParse
	case strings.Contains(msg, "exceeds") || strings.Contains(msg, "too many") || strings.Contains(msg, "depth"):
		code = CodeTooComplex
	case e.Rule != "" || len(e.Locations) > 0:
		code = CodeValidation
	}
	if e.Extensions == nil {
		e.Extensions = map[string]any{}
	}
	e.Extensions["code"] = code
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}

type panicHandler struct{ log *slog.Logger }

// MakePanicError turns a resolver panic into an INTERNAL error.
func (p panicHandler) MakePanicError(ctx context.Context, value any) *gqlerrors.QueryError {
	p.log.Error("graphql resolver panic", "panic", value)
	return &gqlerrors.QueryError{Message: "internal error", Extensions: map[string]any{"code": CodeInternal}}
}
