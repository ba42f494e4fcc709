package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// firstNameBefore reports whether the token before a person name that
// starts with an initial ("D. Merbold") is the first name the recognizer
// left out: a capitalized proper noun (tagged NNP) that is not a title or
// role ("Ambassador", "Dr."), not an acronym and not a company word. The
// default-convention model sometimes drops it at the start of a sentence or
// after a title: "Ulf D. Merbold said", "Ambassador Vernon A. Walters".
// (Without the initial, the word before a name is as often a role the
// lists do not know: "Cardinal Joseph Bernardin", "Fullback Andre Joubert".)
func firstNameBefore(tok Token) bool {
	if tok.Tag != "NNP" {
		return false
	}
	r, n := utf8.DecodeRuneInString(tok.Text)
	if n == 0 || !unicode.IsUpper(r) || utf8.RuneCountInString(tok.Text) < 2 {
		return false
	}
	rest := tok.Text[n:]
	for _, c := range rest {
		if !unicode.IsLower(c) && c != '-' && c != '\'' {
			return false // "U.S.", "IBM", "McDonald" are not first names here
		}
	}
	w := strings.ToLower(tok.Text)
	return nerCueWords[w] == 0 && !titles[w] && !monthOrDay[w]
}

// monthOrDay are capitalized words that precede names in datelines and
// lists but never start them.
var monthOrDay = map[string]bool{
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true, "december": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// isInitialDot reports whether w is a single capital letter with a period:
// the middle initial of "Ulf D. Merbold".
func isInitialDot(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	return len(w) == n+1 && w[n] == '.' && unicode.IsUpper(r)
}
