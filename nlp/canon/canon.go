package canon

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// orgSuffixes are company-form words dropped from the end of an organization
// name when computing its canonical form ("VMware Inc." is VMware). Only legal
// forms are listed: "Labs" or "Software" are part of a name ("Open Source
// Development Labs").
var orgSuffixes = map[string]bool{
	"inc": true, "inc.": true, "incorporated": true, "corp": true, "corp.": true,
	"corporation": true, "co": true, "co.": true, "ltd": true, "ltd.": true,
	"limited": true, "llc": true, "l.l.c.": true, "plc": true, "gmbh": true,
	"ag": true, "s.a.": true, "sa": true, "n.v.": true, "nv": true, "b.v.": true,
	"pty": true, "pty.": true, "lp": true, "l.p.": true,
}

// Clean normalizes a surface form into a display name: it folds runs of white
// space into one space, trims punctuation that is not part of the name
// (quotes, commas, trailing periods that do not end an abbreviation) and drops
// a trailing possessive ("VMware's" and "VMware’s" become "VMware"). It does
// not change letter case.
func Clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case '"', '\'', '“', '”', '‘', '’', ',', ';', ':', '(', ')', '[', ']', '`', '«', '»':
			return true
		}
		return unicode.IsSpace(r)
	})
	for _, p := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(s, p) && len(s) > len(p) {
			s = strings.TrimSpace(s[:len(s)-len(p)])
			break
		}
	}
	if strings.HasSuffix(s, "'") || strings.HasSuffix(s, "’") { // "Reuters'"
		s = strings.TrimRight(s, "'’")
	}
	return s
}

// StripOrgSuffix removes trailing legal-form words ("Inc.", "Corp", "Ltd.")
// and a comma before them from an organization name. A name made only of such
// words is returned unchanged.
func StripOrgSuffix(name string) string {
	words := strings.Fields(name)
	n := len(words)
	for n > 1 && orgSuffixes[strings.ToLower(strings.TrimRight(words[n-1], ","))] {
		n--
	}
	if n == len(words) {
		return name
	}
	out := strings.Join(words[:n], " ")
	return strings.TrimRight(out, ", ")
}

// Key returns the lookup key of a name: Clean, then lower case, with dots in
// abbreviations and legal-form suffixes removed, so "VMware Inc.", "VMWARE"
// and "VMware's" share the key "vmware", and "U.S." and "US" share "us".
// The key never depends on the entity type.
func Key(name string) string {
	s := StripOrgSuffix(Clean(name))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '.' || r == '’' || r == '\'':
			continue
		case unicode.IsSpace(r) || r == '-' || r == '_':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
