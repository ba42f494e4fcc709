package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDemoOnBusyPort starts the demo on an address that is taken: it must
// say so, serve on a free port and answer GraphQL there.
func TestDemoOnBusyPort(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the demo")
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runWith(ctx, &globals{stdin: strings.NewReader(""), stdout: &out, stderr: &errb},
			[]string{"demo", "--addr", busy.Addr().String(), "--dir", t.TempDir()})
	}()
	defer func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("demo exited with %d: %s", code, errb.String())
			}
		case <-time.After(15 * time.Second):
			t.Error("demo did not stop")
		}
	}()
	re := regexp.MustCompile(`served at (http://\S+)/graphql`)
	var url string
	for deadline := time.Now().Add(30 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("demo did not start:\n%s\n%s", out.String(), errb.String())
	}
	if strings.HasSuffix(url, busy.Addr().String()) || !strings.Contains(errb.String(), "is in use") {
		t.Errorf("demo served at %s (busy %s); stderr:\n%s", url, busy.Addr(), errb.String())
	}
	resp, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { documents } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"documents":7`) {
		t.Errorf("stats: %s", b)
	}
}
