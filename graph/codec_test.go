package graph

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestDateCodec(t *testing.T) {
	for _, s := range []string{"", "2024-03-01", "1999-12-31", "0001-01-01", "2024-03-01T10:00:00Z", "March 2024", "2024-13-01", "+024-01-01"} {
		e := enc{}
		e.date(s)
		d := dec{b: e.b}
		if got := d.date(); got != s || d.err != nil {
			t.Errorf("%q: got %q, %v", s, got, d.err)
		}
	}
}

func TestConfidenceQuantization(t *testing.T) {
	for _, c := range []float64{0, 0.5, 0.9, 0.75, 0.1234, 1} {
		if got := unquantConf(quantConf(c)); got != c {
			t.Errorf("%v -> %v", c, got)
		}
	}
	if got := unquantConf(quantConf(-1)); got != 0 {
		t.Errorf("negative -> %v", got)
	}
}

func TestCorruptValues(t *testing.T) {
	rec := entityRec{Key: "k", Types: counts{{"ORG", 2}}, Aliases: counts{{"K", 2}}, Names: counts{{"K", 2}}}
	b := rec.encode()
	for i := range len(b) - 1 { // b[:len(b)-1] is a record from before votes (TestDecodeEntityWithoutVotes)
		if _, err := decodeEntity(b[:i]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated at %d: %v", i, err)
		}
	}
	got, err := decodeEntity(b)
	if err != nil || got.Key != "k" || !slices.Equal(got.Types, rec.Types) {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestReopenReadOnlyAndGC(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(DefaultOptions(dir).WithLogger(quiet).WithGCInterval(10 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, docObama())
	want := queryDump(t, s)
	time.Sleep(30 * time.Millisecond) // let the GC loop tick
	if err := s.RunGC(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(DefaultOptions(dir).WithLogger(quiet).WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := queryDump(t, r); got != want {
		t.Fatalf("reopened store differs:\n%s\n---\n%s", want, got)
	}
	if _, err := r.PutDocuments([]DocInput{docB("b", "h")}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("want ErrReadOnly, got %v", err)
	}
	if types, _ := r.RelationTypes(); !types["MET_WITH"] || types["WORKS_FOR"] {
		t.Fatalf("relation types %v", types)
	}
}

// Entity records written before type votes existed end after the names;
// they must still decode, with the type from mention counts.
func TestDecodeEntityWithoutVotes(t *testing.T) {
	rec := entityRec{Key: "vmware", Types: counts{{"LOCATION", 1}, {"ORG", 2}}, Aliases: counts{{"VMware", 3}}}
	b := rec.encode()
	if b[len(b)-1] != 0 {
		t.Fatalf("an empty vote list should encode as a trailing 0, got %x", b)
	}
	old := b[:len(b)-1]
	got, err := decodeEntity(old)
	if err != nil {
		t.Fatalf("decoding a record without votes: %v", err)
	}
	if got.Key != "vmware" || got.typ() != "ORG" || len(got.Votes) != 0 {
		t.Errorf("decoded %+v, type %s", got, got.typ())
	}
	if _, err := decodeEntity(b[:len(b)-2]); err == nil {
		t.Error("a record cut inside its names decoded without error")
	}
}
