// Package asset serves vendored front-end files that are embedded
// gzip-compressed: as they are to clients that accept gzip, decompressed to
// the others.
//
// Usage:
//
//	//go:embed static/*.gz
//	var files embed.FS
//	asset.ServeGzip(w, r, files, "static/cytoscape.min.js") // reads static/cytoscape.min.js.gz
package asset

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"strings"
)

// ServeGzip writes name+".gz" from fsys with a long cache lifetime, gzip
// Content-Encoding when the request accepts it and decompressed otherwise.
// A missing file is a 404. It sets Content-Type for .js and .css files
// unless the caller set one.
func ServeGzip(w http.ResponseWriter, r *http.Request, fsys fs.FS, name string) {
	b, err := fs.ReadFile(fsys, name+".gz")
	if err != nil {
		w.Header().Del("Content-Type")
		http.NotFound(w, r)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		switch {
		case strings.HasSuffix(name, ".js"):
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case strings.HasSuffix(name, ".css"):
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Vary", "Accept-Encoding")
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	io.Copy(w, zr)
}
