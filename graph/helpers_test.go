package graph

import (
	"encoding/hex"
	"io"
	"log/slog"
	"strings"
	"testing"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func openMem(t testing.TB) *Store {
	t.Helper()
	s, err := Open(DefaultOptions("").WithInMemory(true).WithLogger(quiet).WithMemTableSize(8 << 20))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// mention is a compact mention for test documents: the name is found in
// the sentence text to compute offsets.
type mention struct {
	name, text, typ string
	sent            int
}

type rel struct {
	typ, role    string
	subj, obj    int // mention indexes
	conf         float64
	extractor    string
	sym          bool
	sentOverride int // -1: use the subject's sentence
}

// mkDoc builds a DocInput; sentences are joined with one space.
func mkDoc(id, hash, date string, sents []string, ms []mention, rs []rel) DocInput {
	d := DocInput{Doc: Document{ID: id, Hash: hash, Date: date, Title: "title " + id, Added: 1700000000}}
	off := 0
	for _, s := range sents {
		n := len([]rune(s))
		d.Sentences = append(d.Sentences, SentenceInput{Start: off, End: off + n, Text: s})
		off += n + 1
	}
	for _, m := range ms {
		text := m.text
		if text == "" {
			text = m.name
		}
		s := d.Sentences[m.sent]
		i := strings.Index(s.Text, text)
		if i < 0 {
			i = 0
		}
		st := s.Start + len([]rune(s.Text[:i]))
		d.Mentions = append(d.Mentions, MentionInput{Name: m.name, Text: text, Type: m.typ,
			Start: st, End: st + len([]rune(text)), Sentence: m.sent})
	}
	for _, r := range rs {
		sent := d.Mentions[r.subj].Sentence
		if r.sentOverride > 0 {
			sent = r.sentOverride
		}
		d.Relations = append(d.Relations, RelationInput{Type: r.typ, Role: r.role, Subject: r.subj, Object: r.obj,
			Sentence: sent, Confidence: r.conf, Extractor: r.extractor, Symmetric: r.sym})
	}
	return d
}

// dump returns every key and value of the store except the code registry,
// whose entries are an interning table and may outlive the data that
// introduced them.
func dump(t testing.TB, s *Store) []string {
	t.Helper()
	var out []string
	err := s.View(func(tx *Tx) error {
		return tx.scan([]byte{}, nil, func(k, v []byte) (bool, error) {
			if k[0] >= pRegName && k[0] <= pRegNext {
				return true, nil
			}
			out = append(out, hex.EncodeToString(k)+"="+hex.EncodeToString(v))
			return true, nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustPut(t testing.TB, s *Store, docs ...DocInput) []PutStatus {
	t.Helper()
	st, err := s.PutDocuments(docs)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// dumpPrefixes returns every entry under the one-byte key prefixes, in
// key order, each as line(key, value).
func dumpPrefixes(t *testing.T, s *Store, prefixes []byte, line func(k, v []byte) string) []string {
	t.Helper()
	var out []string
	err := s.View(func(tx *Tx) error {
		for _, p := range prefixes {
			err := tx.scan([]byte{p}, nil, func(k, v []byte) (bool, error) {
				out = append(out, line(k, v))
				return true, nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
