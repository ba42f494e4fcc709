package nlp

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed relmodel/places.txt
var embeddedPlaces string

// Place kinds returned by placeKind.
const (
	placeCountry = "country" // a nation, current or historical: "Japan", "Soviet Union", "U.S."
	placeState   = "state"   // a US state or abbreviation, a province or region of a country: "Conn.", "Bavaria"
	placeDemonym = "demonym" // a nation's adjective used as a place: "Soviet", "Israeli"
	placeRegion  = "region"  // a continent, sea or part of the world: "Latin America", "West Coast"
	placeOther   = "other"   // any other location: most often a city
)

var places struct {
	once  sync.Once
	kinds map[string]string
	world map[string]bool // continents, oceans, parts of the world
}

// placeKind returns the kind of place a LOCATION mention names, from the
// embedded list nlp/relmodel/places.txt, ignoring case, a leading "the"
// and a final period token ("Minn ."); "" for mentions of other types.
// The relation classifier uses it: a city followed by a state ("Aiken,
// S.C.") or a person next to a demonym ("Soviet historian Roy Medvedev")
// are relations the words alone rarely show.
func placeKind(m *Mention) string {
	if m.Type != "LOCATION" {
		return ""
	}
	places.once.Do(loadPlaces)
	t := strings.ToLower(strings.TrimSpace(m.Text))
	t = strings.TrimSpace(strings.TrimSuffix(t, " ."))
	t = strings.TrimPrefix(t, "the ")
	if k, ok := places.kinds[t]; ok {
		return k
	}
	return placeOther
}

// placeKindName returns the kind of the place called name in the embedded
// list (ignoring case), "" when the list does not have it.
func placeKindName(name string) string {
	places.once.Do(loadPlaces)
	return places.kinds[strings.ToLower(name)]
}

// worldPlace reports whether a LOCATION mention names a continent, an
// ocean or another part of the world that spans countries ("Latin
// America", "Indian Ocean"), ignoring case, a leading "the" and a final
// period. Such a place is never located in a country or a state.
func worldPlace(m *Mention) bool {
	if m.Type != "LOCATION" {
		return false
	}
	places.once.Do(loadPlaces)
	t := strings.ToLower(strings.TrimSpace(m.Text))
	t = strings.TrimSpace(strings.TrimSuffix(t, "."))
	return places.world[strings.TrimPrefix(t, "the ")]
}

// loadPlaces parses the embedded list; the first kind given for a name
// wins, and "world" lines only mark names as worldPlace.
func loadPlaces() {
	places.kinds, places.world = map[string]string{}, map[string]bool{}
	for _, line := range strings.Split(embeddedPlaces, "\n") {
		kind, name, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if kind == "world" {
			places.world[name] = true
			continue
		}
		if _, dup := places.kinds[name]; !dup {
			places.kinds[name] = kind
		}
	}
}

// worldInNation reports whether LOCATED_IN between the mentions a and b
// (a first in the sentence; forward: a is the subject) would put a part
// of the world inside a country or a state ("Latin America" in
// "Argentina"), or an ocean or sea inside land ("Indian Ocean" in
// "Africa").
func worldInNation(a, b *Mention, forward bool) bool {
	if !forward {
		a, b = b, a
	}
	if !worldPlace(a) {
		return false
	}
	if k := placeKind(b); k == placeCountry || k == placeState {
		return true
	}
	return openWater(a) && worldPlace(b) && !openWater(b)
}

// openWater reports whether a LOCATION mention names an ocean or a sea
// ("Indian Ocean", "the Pacific", "Mediterranean Sea", "Sea of Japan"):
// "ocean" or "sea" is its last word, or its first before "of". A town or
// county named after the sea ("Ocean City", "Sea Girt") is not.
func openWater(m *Mention) bool {
	if m.Type != "LOCATION" {
		return false
	}
	t := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(m.Text), "."))
	t = strings.TrimPrefix(t, "the ")
	water := func(w string) bool { return w == "ocean" || w == "sea" }
	if ws := strings.Fields(t); len(ws) > 0 && (water(ws[len(ws)-1]) || len(ws) > 2 && water(ws[0]) && ws[1] == "of") {
		return true
	}
	switch t {
	case "pacific", "atlantic", "south pacific", "north atlantic", "mediterranean":
		return true
	}
	return false
}

// dropOpenWater removes the BASED_IN and LIVES_IN relations whose place is
// an ocean or a sea, whichever extractor or inference gave them: no one
// lives, and nothing is based, in the Indian Ocean ("a grant from USAID
// ... in Madagascar, an island nation in the Indian Ocean").
func dropOpenWater(doc *Document, rels []Relation) []Relation {
	out := rels[:0]
	for _, r := range rels {
		if (r.Type == "BASED_IN" || r.Type == "LIVES_IN") && openWater(&doc.Mentions[r.Object]) {
			continue
		}
		out = append(out, r)
	}
	return out
}
