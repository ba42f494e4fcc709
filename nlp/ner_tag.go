package nlp

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v2"
)

// nerTagger is prose's POS tagger, loaded once for TagTokens.
var nerTagger struct {
	once  sync.Once
	model *prose.Model
	err   error
}

// TagTokens returns prose's Penn Treebank POS tag for each of the given
// pre-split words, so that NER training and evaluation on a corpus see the
// same tags the analyzer produces at inference. prose re-tokenizes the
// words joined by spaces; a word it splits gets the tag of its first
// non-punctuation piece. It is safe for concurrent use.
func TagTokens(words []string) []string {
	tags := make([]string, len(words))
	if len(words) == 0 {
		return tags
	}
	nerTagger.once.Do(func() {
		d, err := prose.NewDocument("", prose.WithExtraction(false), prose.WithSegmentation(false))
		if err != nil {
			nerTagger.err = err
			return
		}
		nerTagger.model = d.Model
	})
	if nerTagger.err != nil {
		return tags
	}
	d, err := prose.NewDocument(strings.Join(words, " "), prose.UsingModel(nerTagger.model),
		prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return tags
	}
	ptoks := d.Tokens()
	j := 0
	for i, w := range words {
		want := utf8.RuneCountInString(w)
		got := 0
		tag := ""
		for j < len(ptoks) && got < want {
			t := ptoks[j]
			got += utf8.RuneCountInString(t.Text)
			if tag == "" || (nerIsPunctTag(tag) && nerHasLetterOrDigit(t.Text)) {
				tag = t.Tag
			}
			j++
		}
		if tag == "" {
			tag = "NN"
		}
		tags[i] = tag
	}
	return tags
}

func nerIsPunctTag(t string) bool {
	for _, r := range t {
		if unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func nerHasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
