package graph

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// pSearch is the typo index: for every word of every lookup key of an
// entity (canonical key and alias keys), the word itself and, for words of
// at least searchMinTypoLen runes, each form with one rune deleted
// (a SymSpell-style deletion neighbourhood).
//
//	0x40 variant 00 eid -> word
//
// A query word finds the entity when one of its own variants equals one of
// the entity's variants, which covers one insertion, deletion, substitution
// or transposition; the stored word gives the exact distance for ranking.
const pSearch byte = 0x40

// Search index tuning.
const (
	searchMinTypoLen = 4   // shorter words are indexed (and matched) exactly
	searchMaxWordLen = 40  // longer words are not indexed
	searchScanCap    = 150 // entries read per typo index range (prefix ranges: 3x)
	searchFetchCap   = 300 // entity records read per query
	// searchEstimateCap bounds the exact-word entries counted to order the
	// words of a query from rare to common.
	searchEstimateCap = 32
)

// SearchResult is one entity found by Search with how close it matched:
// 0 its name or an alias equals the query, 1 one starts with the query,
// 2 and more every query word matched a word of a name (2 when all
// exactly, plus 1 per prefix match and per edit).
type SearchResult struct {
	Entity    Entity
	Closeness int
}

// searchWords returns the distinct words of lookup keys.
func searchWords(keys []string) []string {
	var ws []string
	for _, k := range keys {
		for _, w := range strings.Fields(k) {
			if utf8.RuneCountInString(w) <= searchMaxWordLen {
				ws = append(ws, w)
			}
		}
	}
	slices.Sort(ws)
	return slices.Compact(ws)
}

// searchVariants returns w and, when it is long enough, w with each one
// rune deleted, without duplicates.
func searchVariants(w string) []string {
	out := []string{w}
	rs := []rune(w)
	if len(rs) < searchMinTypoLen {
		return out
	}
	for i := range rs {
		v := string(rs[:i]) + string(rs[i+1:])
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// searchEntries maps the index variants of an entity's keys to the word
// they come from (the smallest word when two share a variant).
func searchEntries(keys []string) map[string]string {
	m := map[string]string{}
	for _, w := range searchWords(keys) { // sorted: the first word wins
		for _, v := range searchVariants(w) {
			if _, ok := m[v]; !ok {
				m[v] = w
			}
		}
	}
	return m
}

func searchKey(variant string, id EntityID) []byte {
	b := make([]byte, 0, 10+len(variant))
	b = str0(append(b, pSearch), variant)
	return appendID(b, id)
}

// updateSearch moves an entity's typo index entries from the old lookup
// keys to the new ones (nil new keys: the entity is gone).
func (tx *Tx) updateSearch(id EntityID, oldKeys, newKeys []string) error {
	old, cur := searchEntries(oldKeys), searchEntries(newKeys)
	for v := range old {
		if _, keep := cur[v]; !keep {
			if err := tx.del(searchKey(v, id)); err != nil {
				return err
			}
		}
	}
	for v, w := range cur {
		if ow, had := old[v]; had && ow == w {
			continue
		}
		if err := tx.set(searchKey(v, id), []byte(w)); err != nil {
			return err
		}
	}
	return nil
}

// addSearch writes the typo index entries of a new entity.
func (b *BulkLoader) addSearch(id EntityID, keys []string) error {
	for v, w := range searchEntries(keys) {
		if err := b.set(searchKey(v, id), []byte(w)); err != nil {
			return err
		}
	}
	return nil
}

// RebuildSearchIndex writes the typo index entries of every entity, for
// stores written before the index existed. It is idempotent.
func (s *Store) RebuildSearchIndex() error {
	var batch []Entity
	flush := func() error {
		err := s.Update(func(tx *Tx) error {
			for _, e := range batch {
				rec, ok, err := tx.entityRec(e.ID)
				if err != nil || !ok {
					return err
				}
				keys, err := tx.indexKeysOf(e.ID, &rec)
				if err != nil {
					return err
				}
				if err := tx.updateSearch(e.ID, nil, keys); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	err := s.ForEachEntity(func(e Entity) error {
		batch = append(batch, e)
		if len(batch) == 2000 {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// editDistance is the optimal string alignment distance of a and b (edits
// are insertions, deletions, substitutions and transpositions of adjacent
// runes), or max+1 when it exceeds max.
func editDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max+1)
}

// maxEdits is the number of edits tolerated in a query word.
func maxEdits(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < searchMinTypoLen:
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// wordCost is how well query word w matches the best of an entity's
// words: 0 equal, 1 a prefix, 1+d at d edits; -1 no match.
func wordCost(w string, words []string) int {
	best := -1
	for _, x := range words {
		c := -1
		switch {
		case x == w:
			c = 0
		case strings.HasPrefix(x, w):
			c = 1
		default:
			if me := maxEdits(w); me > 0 {
				if d := editDistance(w, x, me); d <= me {
					c = 1 + d
				}
			}
		}
		if c >= 0 && (best < 0 || c < best) {
			best = c
		}
	}
	return best
}

// Search finds entities by name, alias or curated name, case-insensitively, allowing
// prefixes and typos, and returns up to limit (DefaultLimit when 0) of them,
// closest first, then most mentioned, then by ID. types, when not empty,
// keeps only entities of those types. It reads indexes, never every
// entity: the name index for whole-name prefixes and the typo index
// (pSearch) for words.
func (tx *Tx) Search(query string, types []string, limit int) ([]SearchResult, error) {
	limit = pageLimit(limit)
	qk := keyOf(query)
	if qk == "" {
		return nil, nil
	}
	best := map[EntityID]int{}
	note := func(id EntityID, c int) {
		if old, ok := best[id]; !ok || c < old {
			best[id] = c
		}
	}
	// Whole names: exact and prefix matches from the name index.
	p := append([]byte{pName}, qk...)
	n := 0
	err := tx.scan(p, nil, func(k, _ []byte) (bool, error) {
		key, id, ok := parseNameKey(k)
		if !ok {
			return true, nil
		}
		if key == qk {
			note(id, 0)
		} else {
			note(id, 1)
		}
		n++
		return n < searchScanCap, nil
	})
	if err != nil {
		return nil, err
	}
	// Words: every query word must match a word of the entity. Only the
	// rarest word's matches become candidates (below), so once a word has
	// more matches than a word already done, the rest of its scans are
	// skipped: it cannot be the rarest. Words are done in the order of a
	// cheap rarity estimate (entries of the exact word, capped) so that a
	// common word rarely runs its scans in full; perWord stays in query
	// order, which decides ties.
	words := strings.Fields(qk)
	perWord := make([]map[EntityID]int, len(words))
	cut := make([]bool, len(words)) // a scan of the word stopped at its cap
	order := make([]int, len(words))
	est := make([]int, len(words))
	for i, w := range words {
		order[i] = i
		if len(words) == 1 {
			break
		}
		err := tx.scan(str0([]byte{pSearch}, w), nil, func(_, _ []byte) (bool, error) {
			est[i]++
			return est[i] < searchEstimateCap, nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(est[a], est[b]) })
	bound := -1 // size of the smallest finished word map; -1: none yet
	for _, wi := range order {
		w := words[wi]
		m := map[EntityID]int{}
		over := func() bool { return bound >= 0 && len(m) > bound }
		put := func(id EntityID, c int) {
			if old, ok := m[id]; !ok || c < old {
				m[id] = c
			}
		}
		// Prefixes of indexed words (the word itself included).
		pw := append([]byte{pSearch}, w...)
		n := 0
		err := tx.scan(pw, nil, func(k, v []byte) (bool, error) {
			n++
			if bytes.HasPrefix(v, pw[1:]) && bytes.Equal(k[1:len(k)-9], v) {
				c := 1
				if len(v) == len(w) {
					c = 0
				}
				put(parseTrailingID(k), c)
			}
			if n == searchScanCap*3 {
				cut[wi] = true
				return false, nil
			}
			return !over(), nil
		})
		if err != nil {
			return nil, err
		}
		if me := maxEdits(w); me > 0 && !over() {
			dist := map[string]int{} // stored word -> distance to w
			for _, v := range searchVariants(w) {
				pv := str0([]byte{pSearch}, v)
				n := 0
				err := tx.scan(pv, nil, func(k, val []byte) (bool, error) {
					n++
					d, ok := dist[string(val)]
					if !ok {
						d = editDistance(w, string(val), me)
						dist[string(val)] = d
					}
					if d > 0 && d <= me {
						put(parseTrailingID(k), 1+d)
					}
					if n == searchScanCap {
						cut[wi] = true
						return false, nil
					}
					return !over(), nil
				})
				if err != nil {
					return nil, err
				}
				if over() {
					break
				}
			}
		}
		perWord[wi] = m
		if !over() && (bound < 0 || len(m) < bound) {
			bound = len(m)
		}
	}
	if len(perWord) > 0 {
		// Candidates come from the rarest word; the other words are
		// checked against the candidate's own words, so a common word
		// whose index range was cut short loses nothing.
		pi := 0
		for i, m := range perWord {
			if len(m) < len(perWord[pi]) {
				pi = i
			}
		}
		pivot := perWord[pi]
		ids := make([]EntityID, 0, len(pivot))
		for id := range pivot {
			ids = append(ids, id)
		}
		slices.SortFunc(ids, func(a, b EntityID) int { return cmp.Or(cmp.Compare(pivot[a], pivot[b]), cmp.Compare(a, b)) })
		if len(ids) > searchFetchCap {
			ids = ids[:searchFetchCap]
		}
		// When the pivot word's scans were complete, 2+pivot[id] is a lower
		// bound of the candidate's closeness (its other words add to it),
		// and candidates come in increasing order of it: once it exceeds
		// the closeness of the limit-th best match so far, the remaining
		// candidates cannot reach the page (ranking reads whole closeness
		// tiers until the page is full). Type filters drop matches later,
		// so they disable this.
		stopEarly := !cut[pi] && len(types) == 0
		lastLB, kth := -1, -1
		for _, id := range ids {
			if lb := 2 + pivot[id]; stopEarly && lb != lastLB {
				lastLB = lb
				kth = kthSmallest(best, limit)
			}
			if stopEarly && kth >= 0 && lastLB > kth {
				break
			}
			if len(words) == 1 {
				note(id, 2+pivot[id])
				continue
			}
			rec, ok, err := tx.entityRec(id)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			keys, err := tx.indexKeysOf(id, &rec)
			if err != nil {
				return nil, err
			}
			ews := searchWords(keys)
			total := 2
			for _, w := range words {
				c := wordCost(w, ews)
				if c < 0 {
					total = -1
					break
				}
				total += c
			}
			if total >= 0 {
				note(id, total)
			}
		}
	}

	// Rank: closeness tiers first; entity records are read tier by tier
	// until the page is full.
	type cand struct {
		id EntityID
		c  int
	}
	cs := make([]cand, 0, len(best))
	for id, c := range best {
		cs = append(cs, cand{id, c})
	}
	slices.SortFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(a.c, b.c), cmp.Compare(a.id, b.id)) })
	var out []SearchResult
	fetched := 0
	for i := 0; i < len(cs) && fetched < searchFetchCap; {
		if len(out) >= limit {
			break
		}
		j := i
		for j < len(cs) && cs[j].c == cs[i].c {
			j++
		}
		for _, c := range cs[i:j] {
			if fetched >= searchFetchCap {
				break
			}
			fetched++
			e, err := tx.Entity(c.id)
			if err != nil {
				continue // index entry of a vanished entity: skip it
			}
			if len(types) > 0 && !slices.Contains(types, e.Type) {
				continue
			}
			out = append(out, SearchResult{Entity: e, Closeness: c.c})
		}
		i = j
	}
	slices.SortStableFunc(out, func(a, b SearchResult) int {
		return cmp.Or(cmp.Compare(a.Closeness, b.Closeness),
			cmp.Compare(b.Entity.MentionCount, a.Entity.MentionCount), cmp.Compare(a.Entity.ID, b.Entity.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// kthSmallest returns the k-th smallest closeness in best, -1 when best
// holds fewer than k entries.
func kthSmallest(best map[EntityID]int, k int) int {
	if len(best) < k || k <= 0 {
		return -1
	}
	cs := make([]int, 0, len(best))
	for _, c := range best {
		cs = append(cs, c)
	}
	slices.Sort(cs)
	return cs[k-1]
}

// Search finds entities by name, prefix or with typos (see Tx.Search).
func (s *Store) Search(query string, types []string, limit int) (rs []SearchResult, err error) {
	err = s.View(func(tx *Tx) error { rs, err = tx.Search(query, types, limit); return err })
	return rs, err
}
