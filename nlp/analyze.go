package nlp

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
	"gopkg.in/neurosnap/sentences.v1"
	"gopkg.in/neurosnap/sentences.v1/english"
)

// shared holds the models loaded once per process: prose's POS tagger and
// the Punkt sentence splitter. Both are read-only after loading.
var shared struct {
	once     sync.Once
	tagger   *prose.Model
	splitter *sentences.DefaultSentenceTokenizer
	err      error
}

func loadShared() error {
	shared.once.Do(func() {
		// A document without extraction loads only the tagger; its Model is
		// then reused for every later call through prose.UsingModel.
		d, err := prose.NewDocument("", prose.WithExtraction(false), prose.WithSegmentation(false))
		if err != nil {
			shared.err = err
			return
		}
		shared.tagger = d.Model
		shared.splitter, shared.err = english.NewSentenceTokenizer(nil)
	})
	return shared.err
}

// Analyze splits text into sentences and tokens with code-point offsets and
// POS tags. Invalid UTF-8 is replaced with U+FFFD before analysis; the
// returned Document's Text is the text the offsets refer to. It is safe for
// concurrent use.
func Analyze(id, text string) (*Document, error) {
	if err := loadShared(); err != nil {
		return nil, err
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	doc := &Document{ID: id, Text: text}
	rc := runeCounter{s: text, ascii: isASCII(text)}
	for _, blk := range blocks(text) {
		for _, s := range splitSentences(text, blk) {
			if err := appendSentence(doc, &rc, s.start, s.end); err != nil {
				return nil, err
			}
		}
	}
	return doc, nil
}

// splitSentences runs Punkt over one block and repairs its known mistakes:
// it ends a sentence after "Inc.'s" (a possessive never ends a sentence),
// before a word in lower case, and before a comma or closing bracket
// ("Hartford, Conn., with") or after a title before a name ("Rev. Martin
// Luther King", "Msgr. John Smith"); and it misses the end of a sentence whose
// last word is a state's abbreviation when the next begins with a
// courtesy title ("near Grants, N.M. Ms. Calico, then 19, ...").
func splitSentences(text string, blk span) []span {
	var out []span
	for _, s := range shared.splitter.Tokenize(text[blk.start:blk.end]) {
		start, end := trimSpace(text, blk.start+s.Start, blk.start+s.End)
		if start >= end {
			continue
		}
		if n := len(out); n > 0 {
			prev := text[out[n-1].start:out[n-1].end]
			first, _ := utf8.DecodeRuneInString(text[start:end])
			if strings.HasSuffix(prev, "'s") || strings.HasSuffix(prev, "’s") || unicode.IsLower(first) ||
				strings.ContainsRune(",;:)]", first) || endsWithTitle(prev) && unicode.IsUpper(first) {
				out[n-1].end = end
				continue
			}
		}
		out = append(out, span{start, end})
	}
	for i := 0; i < len(out); i++ {
		if at := stateTitleBreak(text[out[i].start:out[i].end]); at > 0 {
			s, e := trimSpace(text, out[i].start, out[i].start+at)
			rest := span{out[i].start + at, out[i].end}
			out[i] = span{s, e}
			out = slices.Insert(out, i+1, rest)
		}
	}
	return out
}

// endsWithTitle reports whether the last word of s is the abbreviation
// of a title written before a name ("Rev.", "Sen.", "Msgr."), which
// cannot end a sentence. "Dr." and "St." are left out: they also
// abbreviate Drive and Street, which can.
func endsWithTitle(s string) bool {
	w := s[strings.LastIndexFunc(s, unicode.IsSpace)+1:]
	switch w {
	case "Mr.", "Mrs.", "Ms.", "Messrs.", "Rev.", "Fr.", "Msgr.", "Sen.", "Rep.", "Gov.", "Gen.", "Lt.", "Col.",
		"Capt.", "Sgt.", "Maj.", "Adm.", "Cmdr.", "Cpl.", "Pvt.", "Prof.", "Hon.", "Rt.":
		return true
	}
	return false
}

// stateTitleBreak returns the byte offset in s of a sentence that Punkt
// left inside it, or 0: a word that abbreviates a US state or the country
// with a final period ("N.M.", "Calif.", "D.C.") followed by a courtesy
// title and a capitalized word ("Ms. Calico"). A title never follows a
// place inside one sentence, while "U.S. Sen. Bob Dole" (a rank, not a
// courtesy title) does not end one.
func stateTitleBreak(s string) int {
	var words []span
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += n
		}
		words = append(words, span{i, j})
		i = j
	}
	for k := 0; k+2 < len(words); k++ {
		w := s[words[k].start:words[k].end]
		if !strings.HasSuffix(w, ".") || !conll04StateAbbrev(strings.TrimSuffix(w, ".")) {
			continue
		}
		switch s[words[k+1].start:words[k+1].end] {
		case "Mr.", "Mrs.", "Ms.", "Dr.", "Messrs.", "Miss":
		default:
			continue
		}
		if r, _ := utf8.DecodeRuneInString(s[words[k+2].start:]); unicode.IsUpper(r) {
			return words[k+1].start
		}
	}
	return 0
}

// appendSentence tags text[start:end] (byte offsets) and appends it to doc.
func appendSentence(doc *Document, rc *runeCounter, start, end int) error {
	src := doc.Text[start:end]
	pd, err := prose.NewDocument(src, prose.UsingModel(shared.tagger),
		prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return err
	}
	ptoks := pd.Tokens()
	sent := Sentence{Start: rc.at(start), Text: src, Tokens: make([]Token, 0, len(ptoks))}
	cur := 0
	for _, pt := range ptoks {
		b, e := alignToken(src, cur, pt.Text)
		if b < 0 {
			continue // prose rewrote the token beyond recognition; skip it
		}
		sent.Tokens = append(sent.Tokens, Token{
			Text:  src[b:e],
			Start: rc.at(start + b),
			End:   rc.at(start + e),
			Tag:   pt.Tag,
		})
		cur = e
	}
	sent.Tokens = fixTokens(sent.Tokens)
	sent.End = rc.at(end)
	if len(sent.Tokens) > 0 {
		doc.Sentences = append(doc.Sentences, sent)
	}
	return nil
}

// alignToken finds tok in s at or after byte cur, allowing the rewrites
// prose's tokenizer makes (curly quotes to straight ones, &rsquo; to '). It
// returns the byte span in s, or -1, -1.
func alignToken(s string, cur int, tok string) (int, int) {
	for cur < len(s) {
		r, n := utf8.DecodeRuneInString(s[cur:])
		if !unicode.IsSpace(r) {
			break
		}
		cur += n
	}
	if e := matchAt(s, cur, tok); e >= 0 {
		return cur, e
	}
	// Search a little further: prose may have dropped characters.
	for p, lim := cur+1, min(len(s), cur+64); p < lim; p++ {
		if e := matchAt(s, p, tok); e >= 0 {
			return p, e
		}
	}
	return -1, -1
}

// matchAt reports the end of tok matched in s at byte p, or -1.
func matchAt(s string, p int, tok string) int {
	for _, tr := range tok {
		if p >= len(s) {
			return -1
		}
		if tr == '\'' && strings.HasPrefix(s[p:], "&rsquo;") {
			p += len("&rsquo;")
			continue
		}
		sr, n := utf8.DecodeRuneInString(s[p:])
		if !sameRune(tr, sr) {
			return -1
		}
		p += n
	}
	return p
}

func sameRune(tok, src rune) bool {
	if tok == src {
		return true
	}
	switch tok {
	case '"':
		return src == '“' || src == '”'
	case '\'':
		return src == '‘' || src == '’'
	}
	return false
}

type span struct{ start, end int }

// blocks splits text into paragraphs and lines that are sentence boundaries
// on their own: a blank line always ends a block; a single line break ends
// one when the line looks finished (ends with terminal punctuation, or the
// next line starts with an upper-case letter after a short line such as a
// headline), and is otherwise treated as wrapping inside a paragraph.
func blocks(text string) []span {
	var out []span
	start := 0
	lines := strings.SplitAfter(text, "\n")
	pos := 0
	for i, ln := range lines {
		pos += len(ln)
		body := strings.TrimSpace(ln)
		if i == len(lines)-1 {
			break
		}
		next := strings.TrimSpace(lines[i+1])
		if body == "" || next == "" || lineEnds(body, next) {
			if s, e := trimSpace(text, start, pos); s < e {
				out = append(out, span{s, e})
			}
			start = pos
		}
	}
	if s, e := trimSpace(text, start, len(text)); s < e {
		out = append(out, span{s, e})
	}
	return out
}

func lineEnds(line, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(line)
	switch last {
	case '.', '!', '?', ':', '"', '”', ')', ';':
		return true
	}
	first, _ := utf8.DecodeRuneInString(next)
	switch {
	case !unicode.IsLetter(first):
		return true // a list item, quotation or number
	case unicode.IsUpper(first):
		return utf8.RuneCountInString(line) < 60 // a headline or title
	}
	return false
}

func trimSpace(s string, start, end int) (int, int) {
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return start, end
}

// runeCounter converts increasing byte offsets of s into code-point offsets
// without rescanning from the start.
type runeCounter struct {
	s     string
	ascii bool
	b, r  int
}

func (c *runeCounter) at(b int) int {
	if c.ascii {
		return b
	}
	if b < c.b {
		c.b, c.r = 0, 0
	}
	c.r += utf8.RuneCountInString(c.s[c.b:b])
	c.b = b
	return c.r
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
