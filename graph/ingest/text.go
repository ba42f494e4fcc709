package ingest

import (
	"bytes"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// decodeText turns file bytes into valid UTF-8. Binary data (NUL bytes or
// many control characters in the first 8 KiB) is refused with ErrBinary.
// Text that is not valid UTF-8 is decoded as Windows-1252 (a superset of
// Latin-1) unless it has at least as many valid multi-byte sequences as bad bytes (UTF-8 with stray bytes), which are then
// replaced with U+FFFD.
func decodeText(b []byte) (string, error) {
	if isBinary(b) {
		return "", ErrBinary
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	if utf8.Valid(b) {
		return string(b), nil
	}
	multi, bad := 0, 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			bad++
		case n > 1:
			multi++
		}
		i += max(n, 1)
	}
	if multi > 0 && multi >= bad {
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	return string(out), nil
}

func isBinary(b []byte) bool {
	head := b[:min(len(b), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' && c != 0x1b {
			ctl++
		}
	}
	return len(head) > 0 && ctl*10 > len(head)
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	mdHeading  = regexp.MustCompile(`(?m)^#{1,6}[ \t]+`)
	mdEmphasis = regexp.MustCompile("(\\*\\*|__|\\*|`+)")
	mdRule     = regexp.MustCompile(`(?m)^\s*([-*_]\s*){3,}$`)
)

// markdownText strips the markup that would confuse sentence splitting and
// returns the first heading as the title.
func markdownText(s string) (title, text string) {
	for _, ln := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(ln); strings.HasPrefix(t, "#") {
			title = strings.TrimSpace(strings.TrimLeft(t, "#"))
			break
		}
	}
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdHeading.ReplaceAllString(s, "")
	s = mdRule.ReplaceAllString(s, "")
	s = mdEmphasis.ReplaceAllString(s, "")
	return title, s
}

// firstLineTitle returns the first non-empty line of a plain text when it
// looks like a headline (short, no final period).
func firstLineTitle(s string) string {
	for _, ln := range strings.SplitN(s, "\n", 8) {
		t := strings.TrimSpace(ln)
		if t == "" {
			continue
		}
		if utf8.RuneCountInString(t) <= 120 && !strings.HasSuffix(t, ".") {
			return t
		}
		return ""
	}
	return ""
}

var (
	monthName = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?`
	// "Published Friday, August 04, 2006", "August 4, 2006", "4 August 2006"
	reDateMDY = regexp.MustCompile(`\b` + monthName + `\s+(\d{1,2}),?\s+(\d{4})\b`)
	reDateDMY = regexp.MustCompile(`\b(\d{1,2})\s+` + monthName + `,?\s+(\d{4})\b`)
	reDateISO = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
)

// findDateline looks for a clear date in the first lines of a text ("Published
// Friday, August 04, 2006", "PALO ALTO, Calif., Aug. 2, 2006", "2006-08-04")
// and returns it as YYYY-MM-DD, or "".
func findDateline(s string) string {
	head := s
	if len(head) > 600 {
		head = head[:600]
	}
	if m := reDateMDY.FindStringSubmatch(head); m != nil {
		return isoDate(m[1], m[2], m[3])
	}
	if m := reDateDMY.FindStringSubmatch(head); m != nil {
		return isoDate(m[2], m[1], m[3])
	}
	if m := reDateISO.FindStringSubmatch(head); m != nil {
		return normalizeDate(m[0])
	}
	return ""
}

func isoDate(month, day, year string) string {
	t, err := time.Parse("January 2 2006", fullMonth(month)+" "+day+" "+year)
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}

func fullMonth(m string) string {
	m = strings.TrimSuffix(m, ".")
	for _, full := range []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"} {
		if strings.HasPrefix(full, m) {
			return full
		}
	}
	return m
}

// normalizeDate turns common date forms (RFC 3339, "2006-01-02", RFC 1123)
// into YYYY-MM-DD; it returns "" for anything it cannot read.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02",
		time.RFC1123, time.RFC1123Z, "January 2, 2006", "Jan 2, 2006", "2 January 2006", "2006/01/02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if d := findDateline(s); d != "" {
		return d
	}
	return ""
}
