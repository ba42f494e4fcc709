package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kgraph/kgraph/graph"
)

// testStore builds a small graph directly through the store: n people who
// all work for Acme, each named in one document.
func testStore(t *testing.T, n int) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.DefaultOptions("").WithInMemory(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var docs []graph.DocInput
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Person %c%d", 'A'+i%26, i)
		text := name + " works for Acme."
		end := len([]rune(name))
		docs = append(docs, graph.DocInput{
			Doc:       graph.Document{ID: fmt.Sprintf("doc-%02d", i), Title: "T", Hash: fmt.Sprint(i)},
			Sentences: []graph.SentenceInput{{Start: 0, End: len(text), Text: text}},
			Mentions: []graph.MentionInput{
				{Name: name, Text: name, Type: "PERSON", Start: 0, End: end},
				{Name: "Acme", Text: "Acme", Type: "ORG", Start: end + 11, End: end + 15},
			},
			Relations: []graph.RelationInput{{Type: "WORKS_FOR", Subject: 0, Object: 1, Confidence: 0.9, Extractor: "test"}},
		})
	}
	if _, err := s.PutDocuments(docs); err != nil {
		t.Fatal(err)
	}
	return s
}

func newTestServer(t *testing.T, opts Options) *httptest.Server {
	t.Helper()
	h, err := NewHandler(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func post(t *testing.T, url, body string, header ...string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var r response
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("%s: not JSON: %.200s", resp.Status, b)
	}
	r.status = resp.StatusCode
	return r
}

func gql(q string) string {
	b, _ := json.Marshal(map[string]any{"query": q})
	return string(b)
}

func TestHandlerErrors(t *testing.T) {
	srv := newTestServer(t, DefaultOptions(testStore(t, 3)))
	deep := "{ entity(name: \"Acme\") { relations { edges { node { subject { relations { edges { node { subject { relations { edges { node { subject { relations { edges { node { id } } } } } } } } } } } } } } } } }"
	tests := []struct {
		name   string
		body   string
		status int
		code   string
	}{
		{"too large", `{"query":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "PAYLOAD_TOO_LARGE"},
		{"malformed JSON", `{"query":`, 400, "BAD_REQUEST"},
		{"no query", `{}`, 400, "BAD_REQUEST"},
		{"syntax error", gql("{ stats { "), 200, CodeParse},
		{"unknown field", gql("{ nope }"), 200, CodeValidation},
		{"too deep", gql(deep), 200, CodeTooComplex},
		{"too long", gql("{ stats { documents } }" + strings.Repeat(" ", 30000)), 200, CodeTooComplex},
		{"bad cursor", gql(`{ entities(after: "!!not-a-cursor") { totalCount } }`), 200, CodeBadCursor},
		{"negative first", gql(`{ entities(first: -1) { totalCount } }`), 200, CodeBadInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, srv.URL, tt.body)
			if r.status != tt.status {
				t.Errorf("status %d, want %d", r.status, tt.status)
			}
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data %v", r.Data)
			}
			if got := r.Errors[0].Extensions["code"]; got != tt.code {
				t.Errorf("code %v, want %s (%s)", got, tt.code, r.Errors[0].Message)
			}
		})
	}
}

func TestHandlerPagesAndLookups(t *testing.T) {
	srv := newTestServer(t, DefaultOptions(testStore(t, 120)))
	r := post(t, srv.URL, gql(`{ entities(first: 500) { totalCount edges { node { name } } pageInfo { hasNextPage } } }`))
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	ents := r.Data["entities"].(map[string]any)
	if n := len(ents["edges"].([]any)); n != MaxPage {
		t.Errorf("first: 500 gave %d edges, want the cap %d", n, MaxPage)
	}
	if ents["totalCount"].(float64) != 121 || ents["pageInfo"].(map[string]any)["hasNextPage"] != true {
		t.Errorf("totalCount/hasNextPage: %v", ents)
	}
	r = post(t, srv.URL, gql(`{ entity(name: "ACME") { name type mentionCount relations(type: "WORKS_FOR", first: 2) { totalCount edges { node { type subject { type } object { name } weight evidence { sentence } } } } } }`))
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	e := r.Data["entity"].(map[string]any)
	rels := e["relations"].(map[string]any)
	if e["name"] != "Acme" || e["type"] != "ORG" || e["mentionCount"].(float64) != 120 || rels["totalCount"].(float64) != 120 {
		t.Errorf("Acme: %v", e)
	}
	edge := rels["edges"].([]any)[0].(map[string]any)["node"].(map[string]any)
	if edge["type"] != "WORKS_FOR" || edge["object"].(map[string]any)["name"] != "Acme" ||
		!strings.HasSuffix(edge["evidence"].([]any)[0].(map[string]any)["sentence"].(string), "works for Acme.") {
		t.Errorf("relation: %v", edge)
	}
	r = post(t, srv.URL, gql(`{ document(id: "nope") { id } entity(name: "nobody") { id } relation(id: "zz") { id } }`))
	if len(r.Errors) > 0 || r.Data["document"] != nil || r.Data["entity"] != nil || r.Data["relation"] != nil {
		t.Errorf("missing things should be null: %+v", r)
	}
}

func TestHandlerAuthAndMethods(t *testing.T) {
	opts := DefaultOptions(testStore(t, 2))
	opts.Token = "s3cret"
	srv := newTestServer(t, opts)
	del := gql(`mutation { deleteDocument(id: "doc-00") }`)
	if r := post(t, srv.URL, del); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != CodeUnauthenticated {
		t.Errorf("mutation without token: %+v", r)
	}
	if r := post(t, srv.URL, del, "Authorization", "Bearer wrong"); len(r.Errors) == 0 {
		t.Errorf("mutation with a wrong token succeeded: %+v", r)
	}
	if r := post(t, srv.URL, del, "Authorization", "Bearer s3cret"); len(r.Errors) > 0 || r.Data["deleteDocument"] != true {
		t.Errorf("mutation with the token: %+v", r)
	}
	// Queries need no token.
	if r := post(t, srv.URL, gql(`{ stats { documents } }`)); len(r.Errors) > 0 {
		t.Errorf("query: %+v", r)
	}
	// GET: GraphiQL for browsers, queries by parameter, no mutations.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/graphql", nil)
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(b, []byte("graphiql.min.js")) || bytes.Contains(b, []byte("https://")) {
		t.Errorf("GraphiQL page missing or loads from a CDN")
	}
	for _, asset := range []string{"graphiql.min.js", "graphiql.min.css", "react.production.min.js", "react-dom.production.min.js"} {
		resp, err := http.Get(srv.URL + "/graphql/assets/" + asset) // Go's client asks for gzip and decodes it
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) < 1000 {
			t.Errorf("%s: %s, %d bytes", asset, resp.Status, len(b))
		}
	}
	resp, err = http.Get(srv.URL + "/graphql?query=" + "mutation%7BdeleteDocument(id:%22x%22)%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("mutation over GET: %s", resp.Status)
	}
}
