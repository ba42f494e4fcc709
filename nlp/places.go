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

// loadPlaces parses the embedded list; the first kind given for a name wins.
func loadPlaces() {
	places.kinds = map[string]string{}
	for _, line := range strings.Split(embeddedPlaces, "\n") {
		kind, name, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if _, dup := places.kinds[name]; !dup {
			places.kinds[name] = kind
		}
	}
}
