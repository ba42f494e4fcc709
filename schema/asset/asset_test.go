package asset

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"
)

func TestServeGzip(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("console.log(1)"))
	zw.Close()
	fsys := fstest.MapFS{"a/app.js.gz": {Data: gz.Bytes()}}
	tests := []struct {
		name, file, accept string
		status             int
		encoding, body     string
	}{
		{"gzip client", "a/app.js", "gzip, br", 200, "gzip", gz.String()},
		{"plain client", "a/app.js", "", 200, "", "console.log(1)"},
		{"missing", "a/none.js", "gzip", 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/x", nil)
			r.Header.Set("Accept-Encoding", tt.accept)
			w := httptest.NewRecorder()
			ServeGzip(w, r, fsys, tt.file)
			res := w.Result()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status || res.Header.Get("Content-Encoding") != tt.encoding {
				t.Fatalf("status %d encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
			}
			if tt.status == 200 && (string(body) != tt.body || res.Header.Get("Content-Type") != "text/javascript; charset=utf-8") {
				t.Errorf("body %q type %q", body, res.Header.Get("Content-Type"))
			}
		})
	}
}
