package explorer

import (
	"embed"
	"net/http"
	"path"
	"strings"

	"github.com/kgraph/kgraph/schema/asset"
)

// static holds the page (index.html, explorer.js, explorer.css) and the
// vendored cytoscape.js 3.34.4 (MIT), stored gzip-compressed.
//
//go:embed static/index.html static/explorer.js static/explorer.css static/*.gz
var static embed.FS

// AssetPrefix is the URL path under which the page's scripts and styles are
// served.
const AssetPrefix = "/explorer/"

// csp allows only the server's own scripts and the GraphQL and export
// endpoints; cytoscape.js needs inline styles; images are allowed from data: and blob: URLs so that the
// PNG and SVG exports can be offered as downloads.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// Handler returns the explorer's HTTP handler: the page at exactly "/" and
// its assets under AssetPrefix. Any other path is answered with 404, so the
// handler can be registered at "/" as the catch-all of a ServeMux.
func Handler() http.Handler {
	return http.HandlerFunc(serve)
}

func serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "use GET", http.StatusMethodNotAllowed)
		return
	}
	switch {
	case r.URL.Path == "/" || r.URL.Path == "/index.html":
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Cache-Control", "no-cache")
		writeFile(w, r, "index.html")
	case strings.HasPrefix(r.URL.Path, AssetPrefix):
		name := strings.TrimPrefix(r.URL.Path, AssetPrefix)
		if name == "" || name != path.Base(name) || name == "index.html" {
			http.NotFound(w, r)
			return
		}
		writeFile(w, r, name)
	default:
		http.NotFound(w, r)
	}
}

// writeFile serves static/name, or static/name.gz (as is to clients that
// accept gzip, decompressed to others).
func writeFile(w http.ResponseWriter, r *http.Request, name string) {
	switch path.Ext(name) {
	case ".html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if b, err := static.ReadFile("static/" + name); err == nil {
		if name != "index.html" {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Write(b)
		return
	}
	asset.ServeGzip(w, r, static, "static/"+name)
}
