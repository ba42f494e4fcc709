package explorer

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, path string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPage(t *testing.T) {
	r := get(t, "/", nil)
	if r.StatusCode != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %s %s", r.Status, r.Header.Get("Content-Type"))
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP %q allows scripts from elsewhere or inline", csp)
	}
	page := body(t, r)
	// Every script and stylesheet the page names is served.
	refs := regexp.MustCompile(`(?:src|href)="(/explorer/[^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 3 {
		t.Fatalf("page references %d assets, want cytoscape, explorer.js and explorer.css: %v", len(refs), refs)
	}
	for _, m := range refs {
		a := get(t, m[1], nil)
		if a.StatusCode != 200 || a.Header.Get("Content-Encoding") != "" || len(body(t, a)) < 1000 {
			t.Errorf("%s: %s, encoding %q", m[1], a.Status, a.Header.Get("Content-Encoding"))
		}
	}
	if strings.Contains(page, "<script>") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page has an inline script or loads something from another site")
	}
}

func TestVendoredGzip(t *testing.T) {
	plain := body(t, get(t, "/explorer/cytoscape.min.js", nil))
	r := get(t, "/explorer/cytoscape.min.js", map[string]string{"Accept-Encoding": "gzip, br"})
	if r.Header.Get("Content-Encoding") != "gzip" || r.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("gzip not passed through: %v", r.Header)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("Content-Type %q", ct)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(body(t, r))))
	if err != nil {
		t.Fatal(err)
	}
	unz, _ := io.ReadAll(zr)
	if string(unz) != plain || !strings.Contains(plain, "cytoscape") || len(plain) < 100000 {
		t.Errorf("gzip body (%d bytes) and plain body (%d bytes) differ or are not cytoscape", len(unz), len(plain))
	}
}

func TestNotFound(t *testing.T) {
	for _, p := range []string{"/nope", "/explorer/", "/explorer/missing.js", "/explorer/../explorer.go", "/explorer/index.html", "/graphql/x"} {
		if r := get(t, p, nil); r.StatusCode != 404 {
			t.Errorf("GET %s: %s, want 404", p, r.Status)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", rec.Code)
	}
}

// TestNoHTMLInjection keeps the page's script from inserting markup: data
// goes in as text only.
func TestNoHTMLInjection(t *testing.T) {
	js, err := os.ReadFile("static/explorer.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
		if bytes.Contains(js, []byte(bad)) {
			t.Errorf("explorer.js uses %s", bad)
		}
	}
}
