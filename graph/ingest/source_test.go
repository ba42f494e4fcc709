package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func readAll(t *testing.T, paths []string, stdin string) ([]Doc, []*SourceError) {
	t.Helper()
	var docs []Doc
	var errs []*SourceError
	r := &Reader{SectionBytes: 200, Stdin: strings.NewReader(stdin), OnError: func(e *SourceError) { errs = append(errs, e) }}
	if err := r.Read(context.Background(), paths, func(d Doc) error { docs = append(docs, d); return nil }); err != nil {
		t.Fatal(err)
	}
	return docs, errs
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReaderFormats(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", []byte("VMware opens VMI\n\nPublished Friday, August 04, 2006\n\nVMware said so."))
	write(t, dir, "b.html", []byte(`<html><head><title>Xen news</title>
<meta property="article:published_time" content="2006-08-02T10:00:00Z"><link rel="canonical" href="https://example.org/xen">
<style>p{color:red}</style><script>var IBM = 1;</script></head>
<body><nav>Home | About</nav><h1>XenSource ships</h1><p>XenSource and IBM <b>agreed</b>.</p><p>Second&nbsp;paragraph.</p></body></html>`))
	write(t, dir, "c.md", []byte("# Paravirt ops\n\nRusty **Russell** wrote [paravirt-ops](http://x).\n"))
	write(t, dir, "d.jsonl", []byte(`{"id":"j1","title":"T1","date":"2006-08-03","url":"u1","text":"IBM agreed."}
{"id":"j2" "text":"broken"}

{"id":7,"text":"Numbers are ids too."}
{"id":"j4","text":""}
`))
	write(t, dir, "e.png", []byte("\x89PNG\r\n\x1a\n\x00\x00binary"))                             // ignored when walking
	write(t, dir, ".hidden/x.txt", []byte("hidden"))                                              // ignored
	write(t, dir, "latin1.txt", []byte("Caf\xe9 M\xfcller joined Soci\xe9t\xe9 G\xe9n\xe9rale.")) // Latin-1
	write(t, dir, "empty.txt", nil)

	docs, errs := readAll(t, []string{dir}, "")
	got := map[string]Doc{}
	for _, d := range docs {
		got[strings.TrimPrefix(d.ID, filepath.Base(dir)+"/")] = d
	}
	if d := got["a.txt"]; d.Title != "VMware opens VMI" || d.Date != "2006-08-04" {
		t.Errorf("a.txt: title %q date %q", d.Title, d.Date)
	}
	h := got["b.html"]
	if h.Title != "Xen news" || h.Date != "2006-08-02" || h.URL != "https://example.org/xen" {
		t.Errorf("b.html meta: %+v", h)
	}
	if strings.Contains(h.Text, "color") || strings.Contains(h.Text, "var IBM") || strings.Contains(h.Text, "Home") {
		t.Errorf("b.html kept invisible text: %q", h.Text)
	}
	if !strings.Contains(h.Text, "XenSource ships\n\nXenSource and IBM agreed .") && !strings.Contains(h.Text, "XenSource and IBM agreed.") {
		t.Errorf("b.html text: %q", h.Text)
	}
	if d := got["c.md"]; d.Title != "Paravirt ops" || !strings.Contains(d.Text, "Rusty Russell wrote paravirt-ops.") {
		t.Errorf("c.md: %+v", d)
	}
	if d := got["j1"]; d.Title != "T1" || d.Date != "2006-08-03" || d.URL != "u1" || d.Text != "IBM agreed." {
		t.Errorf("j1: %+v", d)
	}
	if _, ok := got["7"]; !ok {
		t.Errorf("numeric id not read: %v", docs)
	}
	if d := got["latin1.txt"]; d.Text != "Café Müller joined Société Générale." {
		t.Errorf("latin1: %q", d.Text)
	}
	for _, name := range []string{"e.png", ".hidden/x.txt", "empty.txt", "j4"} {
		if _, ok := got[name]; ok {
			t.Errorf("%s should not be a document", name)
		}
	}
	var bad, empty int
	for _, e := range errs {
		switch {
		case errors.Is(e.Err, ErrBadJSON):
			bad++
			if !strings.HasSuffix(e.Source, "d.jsonl:2") {
				t.Errorf("bad JSON reported at %s", e.Source)
			}
		case errors.Is(e.Err, ErrEmpty):
			empty++
		default:
			t.Errorf("unexpected error %v", e)
		}
	}
	if bad != 1 || empty != 2 {
		t.Errorf("bad JSON %d (want 1), empty %d (want 2): %v", bad, empty, errs)
	}
}

func TestReaderBinaryNamedExplicitly(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "blob.bin", []byte("ELF\x00\x01\x02\x03"))
	docs, errs := readAll(t, []string{p, filepath.Join(dir, "missing.txt")}, "")
	if len(docs) != 0 || len(errs) != 2 || !errors.Is(errs[0].Err, ErrBinary) || !errors.Is(errs[1].Err, os.ErrNotExist) {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
}

func TestReaderSections(t *testing.T) {
	para := strings.Repeat("IBM and VMware agreed to cooperate. ", 3) + "\n\n"
	text := strings.Repeat(para, 6) // > 200 bytes
	docs, errs := readAll(t, []string{"-"}, text)
	if len(errs) != 0 || len(docs) < 3 {
		t.Fatalf("docs %d errs %v", len(docs), errs)
	}
	var joined strings.Builder
	for i, d := range docs {
		if len(d.Text) > 200 {
			t.Errorf("section %d has %d bytes", i, len(d.Text))
		}
		if !strings.HasPrefix(d.ID, "stdin-") || !strings.HasSuffix(d.ID, "#"+strconv.Itoa(i+1)) {
			t.Errorf("section id %q", d.ID)
		}
		joined.WriteString(d.Text)
	}
	if joined.String() != text {
		t.Error("sections do not add up to the text")
	}
}

func TestReaderStdinJSONL(t *testing.T) {
	docs, errs := readAll(t, []string{"-"}, "\n{\"id\":\"a\",\"text\":\"x y\"}\nnot json\n")
	if len(docs) != 1 || docs[0].ID != "a" || len(errs) != 1 || !errors.Is(errs[0].Err, ErrBadJSON) {
		t.Fatalf("docs %v errs %v", docs, errs)
	}
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  error
	}{
		{"plain", "plain", nil},
		{"\xef\xbb\xbfbom", "bom", nil},
		{"na\xefve", "naïve", nil},                                // Latin-1
		{"Zoë says \xff hi, Zoë", "Zoë says \uFFFD hi, Zoë", nil}, // mostly UTF-8
		{"a\x00b", "", ErrBinary},
		{strings.Repeat("\x01\x02\x03x", 10), "", ErrBinary},
	}
	for _, tt := range tests {
		got, err := decodeText([]byte(tt.in))
		if !errors.Is(err, tt.err) || (err == nil && got != tt.want) {
			t.Errorf("decodeText(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestFindDateline(t *testing.T) {
	tests := map[string]string{
		"Published Friday, August 04, 2006 by staff": "2006-08-04",
		"PALO ALTO, Calif., Aug. 2, 2006 -- VMware":  "2006-08-02",
		"On 3 September 2006 the group met":          "2006-09-03",
		"Posted 2006-08-01.":                         "2006-08-01",
		"No date here.":                              "",
	}
	for in, want := range tests {
		if got := findDateline(in); got != want {
			t.Errorf("findDateline(%q) = %q, want %q", in, got, want)
		}
	}
}
