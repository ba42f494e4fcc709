package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations are words written with a final period that is part of the
// word: legal forms, titles, U.S. state and month abbreviations. prose's
// tokenizer splits "Conn." and "Corp." from their period; fixTokens joins
// them back.
var abbreviations = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`inc corp co ltd bros assn dept univ inst intl
		mr mrs ms dr prof rev sen rep gov gen col lt sgt capt maj adm cmdr cpl pvt msgr jr sr st mt ft messrs
		ala ariz ark calif colo conn del fla ga ida ill ind kan kans ky la md mass mich minn miss mo
		mont neb nev okla ore pa penn tenn tex va vt wash wis wyo
		jan feb mar apr jun jul aug sep sept oct nov dec no vs etc approx est`) {
		abbreviations[w] = true
	}
}

// fixTokens repairs prose's handling of periods in one sentence:
//   - "Conn" "." (adjacent) becomes "Conn." when the word is a known
//     abbreviation or a single capital letter (an initial: "John F. Kennedy");
//   - a sentence-final "Hat." that is not an abbreviation becomes "Hat" ".".
//
// Offsets are code points; src is the sentence text and base its offset.
func fixTokens(toks []Token) []Token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Text == "." && len(out) > 0 {
			prev := &out[len(out)-1]
			if prev.End == t.Start && (abbreviations[strings.ToLower(prev.Text)] || isInitial(prev.Text)) {
				prev.Text += "."
				prev.End = t.End
				continue
			}
		}
		if i == len(toks)-1 && strings.HasSuffix(t.Text, ".") && utf8.RuneCountInString(t.Text) > 2 {
			word := strings.TrimSuffix(t.Text, ".")
			if !abbreviations[strings.ToLower(word)] && !strings.Contains(word, ".") && isWord(word) {
				out = append(out,
					Token{Text: word, Start: t.Start, End: t.End - 1, Tag: t.Tag},
					Token{Text: ".", Start: t.End - 1, End: t.End, Tag: "."})
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func isInitial(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && unicode.IsUpper(r)
}

func isWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}
