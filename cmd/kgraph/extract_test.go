package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtractJSONLOrderAndErrors(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 40; i++ {
		if i == 7 {
			in.WriteString("{not json\n")
			continue
		}
		in.WriteString(`{"id":"d` + itoa(i) + `","text":"Zoë Müller met Rusty Russell of IBM in Ottawa on day ` + itoa(i) + `."}` + "\n")
	}
	code, out, stderr := kgraph(t, context.Background(), in.String(), "extract", "--jsonl", "--workers", "4")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 40 {
		t.Fatalf("%d output lines, want 40", len(lines))
	}
	for i, ln := range lines {
		var r extractJSON
		if err := json.Unmarshal([]byte(ln), &r); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		if i == 7 {
			if r.Error == "" || r.ID != "" {
				t.Errorf("line 7 should report the malformed input: %s", ln)
			}
			continue
		}
		if r.ID != "d"+itoa(i) {
			t.Errorf("line %d has id %q: output out of order", i, r.ID)
		}
		text := []rune("Zoë Müller met Rusty Russell of IBM in Ottawa on day " + itoa(i) + ".")
		got := map[string]string{}
		for _, e := range r.Entities {
			if string(text[e.Start:e.End]) != e.Text {
				t.Errorf("line %d: entity %q at [%d,%d) does not match the text (code points)", i, e.Text, e.Start, e.End)
			}
			got[e.Text] = e.Type
		}
		if got["IBM"] != "ORG" || got["Rusty Russell"] != "PERSON" || got["Zoë Müller"] != "PERSON" {
			t.Errorf("line %d entities: %v", i, got)
		}
	}
}

func TestExtractLargeDocumentInSections(t *testing.T) {
	para := "Zoë Müller of VMware met Rusty Russell of IBM in Ottawa. Herrod said XenSource agreed.\n\n"
	n := 8000 // about 700 KB: several 256 KiB sections
	text := strings.Repeat(para, n)
	path := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := kgraph(t, context.Background(), "", "extract", path)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r extractJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	runes := []rune(text)
	counts := map[string]int{}
	for _, e := range r.Entities {
		if e.End > len(runes) || string(runes[e.Start:e.End]) != e.Text {
			t.Fatalf("entity %q at [%d,%d) does not match the input", e.Text, e.Start, e.End)
		}
		counts[e.Text]++
	}
	for _, name := range []string{"Zoë Müller", "VMware", "Rusty Russell", "IBM"} {
		if counts[name] != n {
			t.Errorf("%s found %d times, want %d", name, counts[name], n)
		}
	}
	works := 0
	for _, rel := range r.Relations {
		if rel.Type == "WORKS_FOR" {
			works++
			if s := string(runes[rel.Subject.Start:rel.Subject.End]); s != "Zoë Müller" && s != "Rusty Russell" {
				t.Fatalf("WORKS_FOR subject %q", s)
			}
		}
	}
	if works < n {
		t.Errorf("%d WORKS_FOR relations, want at least %d", works, n)
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Replace(jsonNum(i), "\n", "", -1)) }

func jsonNum(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestExtractConvention(t *testing.T) {
	in := `{"id":"1","text":"Tom Jones, president of Acme Corp., resigned yesterday."}` + "\n"
	for _, conv := range []string{"conll2003", "conll04"} {
		code, out, stderr := kgraph(t, context.Background(), in, "extract", "--jsonl", "--convention", conv)
		if code != 0 || !strings.Contains(out, `"type":"WORKS_FOR"`) {
			t.Errorf("--convention %s: exit %d, %s %s", conv, code, out, stderr)
		}
	}
	code, _, stderr := kgraph(t, context.Background(), in, "extract", "--jsonl", "--convention", "bogus")
	if code == 0 || !strings.Contains(stderr, "bogus") {
		t.Errorf("an unknown convention: exit %d, %s", code, stderr)
	}
}

func TestExtractUnreadableWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "blob.bin")
	if err := os.WriteFile(bin, []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0, 0, 3}, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(dir, "missing.txt"), bin} {
		code, out, stderr := kgraph(t, context.Background(), "", "extract", path)
		if code == 0 || out != "" || !strings.Contains(stderr, filepath.Base(path)) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q: want a failure naming the file and no output", filepath.Base(path), code, out, stderr)
		}
	}
}
