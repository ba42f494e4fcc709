package export

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xmlText writes s escaped for XML 1.0 text or a double-quoted attribute:
// markup characters and tab, newline and carriage return become character
// references, and characters XML 1.0 forbids (most C0 controls, invalid
// UTF-8, U+FFFE, U+FFFF) become U+FFFD.
func xmlText(w io.Writer, s string) {
	_ = xml.EscapeText(w, []byte(s))
}

// xmlAttr returns s escaped for a double-quoted XML attribute.
func xmlAttr(s string) string {
	var b strings.Builder
	xmlText(&b, s)
	return b.String()
}

// jsonString returns the JSON form of a value that cannot fail to encode
// (strings, slices and maps of them), without HTML escaping.
func jsonString(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return `""`
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// validUTF8 replaces invalid UTF-8 with U+FFFD.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// escapeQuoted escapes s for a double-quoted string in a C-like syntax
// (Cypher, N-Quads, DOT callers add their own rules): backslash and double
// quote get a backslash, newline, carriage return and tab their letter
// escapes, other control characters \uXXXX (or are dropped when uEscape
// is false), invalid UTF-8 becomes U+FFFD.
func escapeQuoted(b *strings.Builder, s string, uEscape bool) {
	plain := true // printable ASCII without quote or backslash: as is
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
	}
	if plain {
		b.WriteString(s)
		return
	}
	for _, r := range validUTF8(s) {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			if uEscape {
				b.WriteString(`\u`)
				h := strconv.FormatInt(int64(r), 16)
				b.WriteString(strings.Repeat("0", 4-len(h)))
				b.WriteString(strings.ToUpper(h))
			}
		default:
			b.WriteRune(r)
		}
	}
}

// formatFloat writes a float so that it always reads back as a float
// (1 becomes 1.0) and round-trips exactly.
func formatFloat(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEn") { // n: NaN, Inf
		s += ".0"
	}
	return s
}

// isoDate reports whether s is a YYYY-MM-DD date.
func isoDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
