package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"github.com/kgraph/kgraph/graph/ingest"
	"github.com/kgraph/kgraph/nlp"
)

// section is one piece of a long input and its offset in code points.
type section struct {
	text string
	base int
}

// extractDocument runs the pipeline over one input (a file, or stdin for
// "-") as one document. The text is cut into sections of 256 KiB at
// paragraph or sentence ends, processed in parallel, and written as one JSON
// object whose offsets count code points from the start of the input text.
// Entities stream to out while relations wait in a temporary file, so memory
// stays bounded whatever the input size.
func extractDocument(ctx context.Context, p *nlp.Pipeline, src string, stdin io.Reader, out io.Writer, workers int) error {
	id := src
	if src == "-" {
		id = "stdin"
	}
	rels, err := os.CreateTemp("", "kgraph-extract-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(rels.Name())
	defer rels.Close()
	relw := bufio.NewWriterSize(rels, 64<<10)

	sections := make(chan section, workers)
	var readErr error
	r := &ingest.Reader{SectionBytes: 256 << 10, Stdin: stdin, OnError: func(e *ingest.SourceError) {
		if !errors.Is(e.Err, ingest.ErrEmpty) && readErr == nil {
			readErr = e
		}
	}}
	go func() {
		defer close(sections)
		base := 0
		err := r.Read(ctx, []string{src}, func(d ingest.Doc) error {
			sections <- section{d.Text, base}
			base += utf8.RuneCountInString(d.Text)
			return nil
		})
		if err != nil && readErr == nil {
			readErr = err
		}
	}()
	// Nothing is written before the source has given its first section or
	// failed: a missing or unreadable file leaves no half JSON object.
	first, more := <-sections
	if !more && readErr != nil {
		return readErr
	}
	pending := more
	next := func() (section, bool, error) {
		if pending {
			pending = false
			return first, true, nil
		}
		s, ok := <-sections
		return s, ok, nil
	}
	type result struct {
		res  extractJSON
		base int
		err  error
	}
	head, _ := json.Marshal(id)
	if _, err := io.WriteString(out, `{"id":`+string(head)+`,"entities":[`); err != nil {
		return err
	}
	firstEnt, firstRel := true, true
	err = orderedMap(workers, next, func(s section) result {
		doc, err := p.Process(id, s.text)
		if err != nil {
			return result{err: err}
		}
		return result{res: toExtractJSON(doc), base: s.base}
	}, func(r result) error {
		if r.err != nil {
			return r.err
		}
		for _, e := range r.res.Entities {
			e.Start += r.base
			e.End += r.base
			if err := writeItem(out, &firstEnt, e); err != nil {
				return err
			}
		}
		for _, rel := range r.res.Relations {
			rel.Subject.Start += r.base
			rel.Subject.End += r.base
			rel.Object.Start += r.base
			rel.Object.End += r.base
			if err := writeItem(relw, &firstRel, rel); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if readErr != nil {
		return readErr
	}
	if err := relw.Flush(); err != nil {
		return err
	}
	if _, err := io.WriteString(out, `],"relations":[`); err != nil {
		return err
	}
	if _, err := rels.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(out, rels); err != nil {
		return err
	}
	_, err = io.WriteString(out, "]}\n")
	return err
}

// writeItem writes v as JSON, preceded by a comma unless it is the first.
func writeItem(w io.Writer, first *bool, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if !*first {
		if _, err := w.Write([]byte{','}); err != nil {
			return err
		}
	}
	*first = false
	_, err = w.Write(b)
	return err
}
