package ingest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Doc is one document read from a source, ready for the pipeline.
type Doc struct {
	ID     string
	Title  string
	Date   string // YYYY-MM-DD when known
	URL    string
	Text   string
	Source string // where it came from: a path, path:line for JSONL
}

// SourceError is a problem with one file or line; reading goes on.
type SourceError struct {
	Source string
	Err    error
}

// Error returns "source: error".
func (e *SourceError) Error() string { return e.Source + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *SourceError) Unwrap() error { return e.Err }

// Reader turns paths into documents.
type Reader struct {
	// SectionBytes splits texts longer than this into sections committed as
	// separate documents ("path#2"), cut at paragraph or sentence ends.
	// Default 256 KiB: a section of dense newswire must fit in one badger
	// transaction with all its mentions, relations and evidence.
	SectionBytes int
	// Stdin is read for the path "-". Default os.Stdin.
	Stdin io.Reader
	// OnError receives each problem with a file or line; reading goes on.
	// Empty files are reported with ErrEmpty.
	OnError func(*SourceError)
}

// extensions kgraph reads when walking a directory.
var extensions = map[string]string{
	".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
	".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
}

// Read reads every path (a file, a directory read recursively, or "-" for
// standard input) and calls emit for each document in order. It stops early
// only when ctx is done or emit fails; problems with single files go to
// OnError.
func (r *Reader) Read(ctx context.Context, paths []string, emit func(Doc) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			in := r.Stdin
			if in == nil {
				in = os.Stdin
			}
			if err := r.readStdin(in, emit); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			r.fail(p, err)
			continue
		}
		if !fi.IsDir() {
			if err := r.readFile(p, filepath.ToSlash(filepath.Clean(p)), kindOf(p, true), emit); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				r.fail(path, err)
				return nil
			}
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			kind := kindOf(path, false)
			if kind == "" {
				return nil // not a document type; left alone when walking
			}
			return r.readFile(path, docID(p, path), kind, emit)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// TotalBytes sums the sizes of the files Read would read, for progress
// reporting; standard input counts as 0.
func TotalBytes(paths []string) int64 {
	var n int64
	for _, p := range paths {
		if p == "-" {
			continue
		}
		_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != p {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && (path == p || kindOf(path, false) != "") {
				if fi, err := d.Info(); err == nil {
					n += fi.Size()
				}
			}
			return nil
		})
	}
	return n
}

func kindOf(path string, explicit bool) string {
	k := extensions[strings.ToLower(filepath.Ext(path))]
	if k == "" && explicit {
		return "text"
	}
	return k
}

func (r *Reader) fail(src string, err error) {
	if r.OnError != nil {
		r.OnError(&SourceError{Source: src, Err: err})
	}
}

// docID names a file found under root: the root's base name and the path
// below it ("news/2006/a.txt" for root "/home/u/news"), so that the same
// tree read through another spelling of its path keeps its document IDs.
func docID(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(path))
	}
	base := filepath.Base(filepath.Clean(root))
	if base == "." || base == "/" || base == ".." {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(filepath.Join(base, rel))
}

func (r *Reader) readFile(path, id, kind string, emit func(Doc) error) error {
	if kind == "jsonl" {
		f, err := os.Open(path)
		if err != nil {
			r.fail(path, err)
			return nil
		}
		defer f.Close()
		return r.readJSONL(id, f, emit)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		r.fail(path, err)
		return nil
	}
	return r.readText(id, path, kind, b, emit)
}

func (r *Reader) readStdin(in io.Reader, emit func(Doc) error) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(512)
	if t := bytes.TrimLeft(head, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return r.readJSONL("stdin", br, emit)
	}
	b, err := io.ReadAll(br)
	if err != nil {
		r.fail("stdin", err)
		return nil
	}
	sum := sha256.Sum256(b)
	return r.readText("stdin-"+hex.EncodeToString(sum[:6]), "stdin", "text", b, emit)
}

func (r *Reader) readText(id, src, kind string, b []byte, emit func(Doc) error) error {
	text, err := decodeText(b)
	if err != nil {
		r.fail(src, err)
		return nil
	}
	d := Doc{ID: id, Source: src}
	switch kind {
	case "html":
		h, err := parseHTML(strings.NewReader(text))
		if err != nil {
			r.fail(src, fmt.Errorf("parsing HTML: %w", err))
			return nil
		}
		d.Title, d.Date, d.URL, d.Text = h.Title, h.Date, h.URL, h.Text
	case "markdown":
		d.Title, d.Text = markdownText(text)
		d.Date = findDateline(d.Text)
	default:
		d.Text = text
		d.Title = firstLineTitle(text)
		d.Date = findDateline(text)
	}
	if strings.TrimSpace(d.Text) == "" {
		r.fail(src, ErrEmpty)
		return nil
	}
	return r.emitSections(d, emit)
}

// jsonDoc is one JSONL line. id may be a string or a number.
type jsonDoc struct {
	ID    json.RawMessage `json:"id"`
	Title string          `json:"title"`
	Date  string          `json:"date"`
	URL   string          `json:"url"`
	Text  string          `json:"text"`
}

// readJSONL streams one document per line; a bad line is reported and
// skipped. Lines may be up to 64 MiB.
func (r *Reader) readJSONL(name string, in io.Reader, emit func(Doc) error) error {
	br := bufio.NewReaderSize(in, 256<<10)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			src := name + ":" + strconv.Itoa(line)
			if d, perr := parseJSONLine(b, name, line); perr != nil {
				r.fail(src, perr)
			} else if strings.TrimSpace(d.Text) == "" {
				r.fail(src, ErrEmpty)
			} else {
				d.Source = src
				if eerr := r.emitSections(d, emit); eerr != nil {
					return eerr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			r.fail(name, err)
			return nil
		}
	}
}

func parseJSONLine(b []byte, name string, line int) (Doc, error) {
	var jd jsonDoc
	if err := json.Unmarshal(b, &jd); err != nil {
		return Doc{}, fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	id := ""
	if len(jd.ID) > 0 && string(jd.ID) != "null" {
		var s string
		if err := json.Unmarshal(jd.ID, &s); err == nil {
			id = s
		} else {
			id = strings.TrimSpace(string(jd.ID)) // a number
		}
	}
	if id == "" {
		id = fmt.Sprintf("%s:%d", name, line)
	}
	date := normalizeDate(jd.Date)
	if date == "" {
		date = jd.Date
	}
	text, _ := decodeText([]byte(jd.Text)) // JSON strings are valid UTF-8; NULs are kept out below
	if text == "" {
		text = strings.ReplaceAll(jd.Text, "\x00", " ")
	}
	return Doc{ID: id, Title: jd.Title, Date: date, URL: jd.URL, Text: text}, nil
}

// emitSections emits d, split into sections of at most SectionBytes.
func (r *Reader) emitSections(d Doc, emit func(Doc) error) error {
	limit := r.SectionBytes
	if limit <= 0 {
		limit = 256 << 10
	}
	if len(d.Text) <= limit {
		return emit(d)
	}
	text := d.Text
	for part := 1; text != ""; part++ {
		n := cutPoint(text, limit)
		s := d
		s.ID = fmt.Sprintf("%s#%d", d.ID, part)
		s.Text = text[:n]
		if d.Title != "" {
			s.Title = fmt.Sprintf("%s (part %d)", d.Title, part)
		}
		if err := emit(s); err != nil {
			return err
		}
		text = text[n:]
	}
	return nil
}

// cutPoint returns where to end a section of at most limit bytes: after a
// blank line, else after a line break, else after a sentence end, else at a
// space, else at a rune boundary.
func cutPoint(s string, limit int) int {
	if len(s) <= limit {
		return len(s)
	}
	w := s[:limit]
	for _, sep := range []string{"\n\n", "\n", ". ", " "} {
		if i := strings.LastIndex(w, sep); i > limit/2 {
			return i + len(sep)
		}
	}
	for limit > 0 && s[limit]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		limit--
	}
	return limit
}
