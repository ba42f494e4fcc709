package nlp

import (
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/kgraph/kgraph/nlp/canon"
)

// EntityRecognizer finds entity mentions in the sentences of one document.
// Mentions need Start, End, Type, Sentence, TokStart and TokEnd; the pipeline
// fills Text and Entity. Implementations must be safe for concurrent use.
type EntityRecognizer interface {
	Recognize(sents []Sentence) []Mention
}

// RelationExtractor finds typed relations in an analyzed document whose
// mentions are resolved. It may append mentions (coreference) to doc.Mentions;
// relations index doc.Mentions. Implementations must be safe for concurrent
// use.
type RelationExtractor interface {
	Extract(doc *Document) []Relation
}

// Options configures a Pipeline. The zero value is usable but finds no
// entities; see DefaultOptions.
type Options struct {
	// Recognizer finds entities. nil finds none.
	Recognizer EntityRecognizer
	// Relations finds typed relations. nil finds none.
	Relations RelationExtractor
	// CoMentions adds a CO_MENTIONED relation for every pair of distinct
	// entities in a sentence. Default true.
	CoMentions bool
	// MaxCoMentionEntities caps the distinct entities per sentence that get
	// co-mention edges (a list of 500 names would otherwise add 125,000
	// edges). Default 24.
	MaxCoMentionEntities int
	// MaxTextBytes refuses longer texts with ErrTooLarge; callers split large
	// files into sections. Default 8 MiB.
	MaxTextBytes int
}

// DefaultOptions returns options with co-mentions on and default limits; the
// caller sets Recognizer and Relations.
func DefaultOptions() Options {
	return Options{CoMentions: true, MaxCoMentionEntities: 24, MaxTextBytes: 8 << 20}
}

// Pipeline runs analysis, entity recognition, name resolution and relation
// extraction over documents. It is safe for concurrent use.
type Pipeline struct {
	opts Options
}

// ArgumentTypes returns the argument types of the relation types the
// pipeline's extractor produces (RelExtractor.ArgumentTypes); nil, which
// fits any arguments, when the extractor does not tell.
func (p *Pipeline) ArgumentTypes() ArgumentTypes {
	if x, ok := p.opts.Relations.(interface{ ArgumentTypes() ArgumentTypes }); ok {
		return x.ArgumentTypes()
	}
	return nil
}

// New returns a pipeline; it loads the shared tagger and sentence splitter
// once per process.
func New(opts Options) (*Pipeline, error) {
	if err := loadShared(); err != nil {
		return nil, fmt.Errorf("%w: loading prose: %v", ErrBadModel, err)
	}
	if opts.MaxCoMentionEntities <= 0 {
		opts.MaxCoMentionEntities = 24
	}
	if opts.MaxTextBytes <= 0 {
		opts.MaxTextBytes = 8 << 20
	}
	return &Pipeline{opts: opts}, nil
}

// Process runs the whole pipeline over one text. A panic inside a model is
// recovered and reported as ErrInternal.
func (p *Pipeline) Process(id, text string) (doc *Document, err error) {
	if len(text) > p.opts.MaxTextBytes {
		return nil, fmt.Errorf("%w: %d bytes (limit %d)", ErrTooLarge, len(text), p.opts.MaxTextBytes)
	}
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("%w: document %q: %v\n%s", ErrInternal, id, r, debug.Stack())
		}
	}()
	doc, err = Analyze(id, text)
	if err != nil {
		return nil, err
	}
	if p.opts.Recognizer != nil {
		doc.Mentions = p.opts.Recognizer.Recognize(doc.Sentences)
		sortMentions(doc.Mentions)
		resolve(doc)
	}
	if p.opts.Relations != nil {
		doc.Relations = append(doc.Relations, p.opts.Relations.Extract(doc)...)
	}
	if p.opts.CoMentions {
		doc.Relations = append(doc.Relations, coMentions(doc, p.opts.MaxCoMentionEntities)...)
	}
	return doc, nil
}

// sortMentions orders mentions by start, longer first.
func sortMentions(ms []Mention) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
}

// CoMentioned is the relation type of the weak exploration edge between
// entities named in the same sentence.
const CoMentioned = "CO_MENTIONED"

// coMentions links every pair of distinct entities (by canonical key) named
// in one sentence, once per sentence, using each entity's first mention in
// the sentence as the evidence span.
func coMentions(doc *Document, maxEntities int) []Relation {
	var out []Relation
	ms := doc.Mentions
	for i := 0; i < len(ms); {
		// Mentions are sorted by start, so a sentence's mentions are contiguous.
		si, j := ms[i].Sentence, i
		var firsts []int
		keys := map[string]bool{}
		for ; j < len(ms) && ms[j].Sentence == si; j++ {
			k := canon.Key(ms[j].Entity)
			if k == "" || keys[k] || len(firsts) >= maxEntities {
				continue
			}
			keys[k] = true
			firsts = append(firsts, j)
		}
		for a := 0; a < len(firsts); a++ {
			for b := a + 1; b < len(firsts); b++ {
				out = append(out, Relation{
					Type: CoMentioned, Subject: firsts[a], Object: firsts[b], Sentence: si,
					Confidence: 1, Extractor: "comention", Symmetric: true,
				})
			}
		}
		i = j
	}
	return out
}
