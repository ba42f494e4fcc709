package nlp

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// CoNLLSentence is one sentence of a column-format NER corpus: its words,
// the corpus POS tags (may be empty) and IOB2 entity labels such as B-PER.
type CoNLLSentence struct {
	Words  []string
	POS    []string
	Labels []string
}

// CoNLLDocument is a run of sentences between two -DOCSTART- lines.
type CoNLLDocument struct {
	Sentences []CoNLLSentence
}

// ReadCoNLL reads a CoNLL-2003 style file (columns token POS chunk NER,
// blank lines between sentences, -DOCSTART- between documents). A file
// without -DOCSTART- lines is read as one document.
func ReadCoNLL(path string) ([]CoNLLDocument, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCorpus, err)
	}
	defer f.Close()
	var docs []CoNLLDocument
	var doc CoNLLDocument
	var sent CoNLLSentence
	flushSent := func() {
		if len(sent.Words) > 0 {
			doc.Sentences = append(doc.Sentences, sent)
		}
		sent = CoNLLSentence{}
	}
	flushDoc := func() {
		flushSent()
		if len(doc.Sentences) > 0 {
			docs = append(docs, doc)
		}
		doc = CoNLLDocument{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) == 0:
			flushSent()
		case fields[0] == "-DOCSTART-":
			flushDoc()
		case len(fields) < 2:
			return nil, fmt.Errorf("%w: %s:%d: want at least 2 columns", ErrBadCorpus, path, line)
		default:
			sent.Words = append(sent.Words, fields[0])
			pos := ""
			if len(fields) >= 3 {
				pos = fields[1]
			}
			sent.POS = append(sent.POS, pos)
			sent.Labels = append(sent.Labels, normIOB(fields[len(fields)-1]))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadCorpus, path, err)
	}
	flushDoc()
	if len(docs) == 0 {
		return nil, fmt.Errorf("%w: %s: no sentences", ErrBadCorpus, path)
	}
	return docs, nil
}

// ReadWikiANN reads a WikiANN file (lines "en:token<TAB>tag", blank lines
// between sentences) as sentences with IOB2 labels.
func ReadWikiANN(path string) ([]CoNLLSentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadCorpus, err)
	}
	defer f.Close()
	var out []CoNLLSentence
	var sent CoNLLSentence
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		t := sc.Text()
		if strings.TrimSpace(t) == "" {
			if len(sent.Words) > 0 {
				out = append(out, sent)
			}
			sent = CoNLLSentence{}
			continue
		}
		tab := strings.LastIndexByte(t, '\t')
		if tab < 0 {
			continue
		}
		w := t[:tab]
		if i := strings.IndexByte(w, ':'); i >= 0 && i <= 3 {
			w = w[i+1:]
		}
		if w == "" {
			continue
		}
		sent.Words = append(sent.Words, w)
		sent.POS = append(sent.POS, "")
		sent.Labels = append(sent.Labels, normIOB(strings.TrimSpace(t[tab+1:])))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrBadCorpus, path, err)
	}
	if len(sent.Words) > 0 {
		out = append(out, sent)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s: no sentences", ErrBadCorpus, path)
	}
	return out, nil
}

// normIOB maps a corpus nerLabel to IOB2 with kgraph's type names' short
// forms (PER, ORG, LOC, MISC); unknown types become O.
func normIOB(l string) string {
	if l == "O" || len(l) < 3 || l[1] != '-' {
		return "O"
	}
	switch l[2:] {
	case "PER", "ORG", "LOC", "MISC":
		return l
	}
	return "O"
}

// CoNLLSpan is an entity span in token indexes (end exclusive) with a
// short type name (PER, ORG, LOC, MISC).
type CoNLLSpan struct {
	Start, End int
	Type       string
}

// IOBSpans decodes IOB2 (or IOB1) labels into spans. An I- nerLabel that does
// not continue a span of the same type starts a new one.
func IOBSpans(labels []string) []CoNLLSpan {
	var out []CoNLLSpan
	cur := -1
	for i, l := range labels {
		if l == "O" || len(l) < 3 {
			cur = -1
			continue
		}
		typ := l[2:]
		if l[0] == 'I' && cur >= 0 && out[cur].Type == typ && out[cur].End == i {
			out[cur].End = i + 1
			continue
		}
		out = append(out, CoNLLSpan{Start: i, End: i + 1, Type: typ})
		cur = len(out) - 1
	}
	return out
}
