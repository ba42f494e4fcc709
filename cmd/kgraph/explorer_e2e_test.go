package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestExplorerInBrowser drives the graph explorer in headless Chromium over
// the demo corpus: search with suggestions and the keyboard, draw a
// neighbourhood, expand a neighbour with a mouse click, read evidence, find
// paths (with and without co-mentions), list collaborators, export SVG and
// check the phone layout. KGRAPH_SCREENSHOT=FILE saves the screenshot there
// (docs/explorer.png is made that way).
func TestExplorerInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test in -short mode")
	}
	chrome := findChromium()
	if chrome == "" {
		t.Skip("chromium not installed (apt-get install chromium); skipping the browser test")
	}
	ctx := context.Background()
	data := filepath.Join(t.TempDir(), "data")
	corpus := filepath.Join(t.TempDir(), "corpus")
	if err := writeDemoCorpus(corpus); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := kgraph(t, ctx, "", "ingest", "--data", data, "--no-progress", corpus); code != 0 {
		t.Fatalf("ingest exit %d:\n%s", code, stderr)
	}
	url := startServer(t, "--data", data)

	// What the graph holds, from the API, to compare with what is drawn.
	relsOf := func(name string) (ids []string, others map[string]bool, typed int) {
		d := must(t, query(t, url, `query($n: String!) { entity(name: $n) { id relations(first: 100) { edges { node {
			id type subject { id } object { id } } } } } }`, map[string]any{"n": name}))
		me := path(d, "entity", "id")
		others = map[string]bool{}
		for _, e := range path(d, "entity", "relations", "edges").([]any) {
			n := path(e, "node")
			ids = append(ids, path(n, "id").(string))
			o := path(n, "object", "id")
			if o == me {
				o = path(n, "subject", "id")
			}
			others[o.(string)] = true
			if path(n, "type") != "CO_MENTIONED" {
				typed++
			}
		}
		return ids, others, typed
	}
	rustyRels, rustyOthers, _ := relsOf("Rusty Russell")
	xenRels, _, _ := relsOf("XenSource")
	if len(rustyRels) == 0 || len(xenRels) == 0 {
		t.Fatalf("demo graph lacks relations: Rusty Russell %d, XenSource %d", len(rustyRels), len(xenRels))
	}

	actx, cancelA := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1366, 860),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-dev-shm-usage", true))
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx)
	defer cancelB()
	bctx, cancelT := context.WithTimeout(bctx, 120*time.Second)
	defer cancelT()

	// Errors on the page's console and uncaught exceptions fail the test.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	var pageErrors []string
	consoleDone := make(chan struct{})
	cctx, stopConsole := context.WithCancel(bctx)
	messages := chromedp.Console(cctx)
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			// A server without /export (issue #6) answers 404, which the
			// page handles; anything else is an error.
			if (m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException) && !strings.Contains(m.URL, "/export?") {
				pageErrors = append(pageErrors, m.String())
			}
		}
	}()

	// snap saves a screenshot of the page as it is when something fails.
	snap := func() {
		if shot, _ := chromedp.Run(bctx, chromedp.CaptureScreenshot()); len(shot) > 0 {
			if f, err := os.CreateTemp("", "kgraph-explorer-failed-*.png"); err == nil {
				f.Write(shot)
				f.Close()
				t.Logf("screenshot at failure: %s", f.Name())
			}
		}
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			snap()
			t.Fatalf("%s: %v", what, err)
		}
	}
	// wait polls a JavaScript condition until it is true.
	wait := func(what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(15*time.Second), chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
			snap()
			t.Fatalf("waiting for %s: %v", what, err)
		}
	}
	eval := func(expr string, out any) {
		t.Helper()
		raw, err := chromedp.Run(bctx, chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
		if err == nil {
			err = json.Unmarshal(raw, out)
		}
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
	}
	const cyJS = `window.kgraphExplorer.cy`

	// 1. The page loads, talks to the API, and says what the graph holds.
	run("opening the page", chromedp.Navigate(url+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	wait("the greeting", `document.getElementById('status').textContent.includes('entities')`)

	// 2. Typing "rusty" suggests Rusty Russell; arrow down and Enter pick it.
	run("typing", chromedp.SendKeys(chromedp.ID("q"), "rusty"))
	wait("suggestions", `!document.getElementById('suggestions').hidden && document.getElementById('suggestions').dataset.query === 'rusty'`)
	var sug []string
	eval(`Array.from(document.querySelectorAll('#suggestions li[id]')).map(li => li.textContent)`, &sug)
	if len(sug) == 0 || !strings.Contains(sug[0], "Rusty Russell") {
		t.Fatalf("suggestions for \"rusty\": %q", sug)
	}
	var expanded string
	eval(`document.getElementById('q').getAttribute('aria-expanded')`, &expanded)
	if expanded != "true" {
		t.Errorf("combobox aria-expanded = %q with suggestions open", expanded)
	}
	run("picking with the keyboard", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	wait("Rusty Russell's neighbourhood", cyJS+`.nodes().length > 1 && document.querySelector('#detail-body h2') && document.querySelector('#detail-body h2').textContent.includes('Rusty Russell') && document.querySelectorAll('#detail-body ul.rels li').length > 0`)

	// Everything Rusty Russell is related to is drawn, and nothing else.
	var drawn struct {
		Nodes, Edges []string
		Rels         int
	}
	eval(`({Nodes: `+cyJS+`.nodes().map(n => n.id()), Edges: `+cyJS+`.edges().map(e => e.id()), Rels: document.querySelectorAll('#detail-body ul.rels li').length})`, &drawn)
	if len(drawn.Edges) != len(rustyRels) || len(drawn.Nodes) != len(rustyOthers)+1 || drawn.Rels != len(rustyRels) {
		t.Errorf("Rusty Russell: drew %d nodes, %d edges, listed %d relations; the API has %d relations to %d entities",
			len(drawn.Nodes), len(drawn.Edges), drawn.Rels, len(rustyRels), len(rustyOthers))
	}
	for _, id := range rustyRels {
		if !contains(drawn.Edges, id) {
			t.Errorf("relation %s not drawn", id)
		}
	}

	// Evidence sentences mark the names at their offsets.
	wait("evidence", `document.querySelectorAll('#ent-evidence blockquote').length > 0`)
	var marks []struct{ Text, Title string }
	eval(`Array.from(document.querySelectorAll('#ent-evidence mark')).map(m => ({Text: m.textContent, Title: m.title}))`, &marks)
	if len(marks) < 2 {
		t.Errorf("evidence marks %v, want subject and object marked", marks)
	}
	sawRusty := false
	for _, m := range marks {
		if strings.TrimSpace(m.Text) == "" {
			t.Errorf("empty mark %+v", m)
		}
		if m.Title == "Rusty Russell" && strings.Contains("Rusty Russell", m.Text) {
			sawRusty = true
		}
	}
	if !sawRusty {
		t.Errorf("no evidence mark of Rusty Russell: %+v", marks)
	}

	// A relation's evidence, opened from the keyboard: subject and object are
	// marked in every sentence, and the source document is named.
	run("opening a relation with Enter",
		chromedp.Focus(chromedp.CSS(`#detail-body ul.rels li button[aria-label^="Evidence for WORKS_FOR"]`)), chromedp.KeyEvent(kb.Enter))
	wait("the relation panel", `document.querySelector('#detail-body h2 .rtype') && document.querySelectorAll('#detail-body blockquote.ev').length > 0`)
	var rel struct {
		Ends  []string
		Marks [][]string
		Docs  []string
	}
	eval(`({Ends: Array.from(document.querySelectorAll('#detail-body h2 button')).map(b => b.textContent),
		Marks: Array.from(document.querySelectorAll('#detail-body blockquote.ev')).map(q => Array.from(q.querySelectorAll('mark')).map(m => m.className + ':' + m.title + ':' + m.textContent)),
		Docs: Array.from(document.querySelectorAll('#detail-body blockquote.ev footer')).map(f => f.textContent)})`, &rel)
	if len(rel.Ends) != 2 || rel.Ends[0] != "Rusty Russell" {
		t.Fatalf("relation panel ends %q", rel.Ends)
	}
	// Each mark is the subject or the object by one of its names.
	aliases := func(name string) []string {
		d := must(t, query(t, url, `query($n: String!) { entity(name: $n) { aliases } }`, map[string]any{"n": name}))
		var out []string
		for _, a := range path(d, "entity", "aliases").([]any) {
			out = append(out, a.(string))
		}
		return out
	}
	var wantMarks []string
	for _, a := range aliases(rel.Ends[0]) {
		wantMarks = append(wantMarks, "subj:"+rel.Ends[0]+":"+a)
	}
	for _, a := range aliases(rel.Ends[1]) {
		wantMarks = append(wantMarks, "obj:"+rel.Ends[1]+":"+a)
	}
	for i, ms := range rel.Marks {
		if len(ms) != 2 || !contains(wantMarks, ms[0]) || !contains(wantMarks, ms[1]) || ms[0][:3] == ms[1][:3] || !strings.Contains(rel.Docs[i], "2006-") {
			t.Errorf("evidence %d: marks %q (want subject and object by a name of theirs: %q), source %q", i, ms, wantMarks, rel.Docs[i])
		}
	}

	// 3. Clicking the XenSource node expands it.
	var xy []float64
	eval(`(() => { const n = `+cyJS+`.nodes().filter(n => n.data('name') === 'XenSource')[0]; if (!n) return [];
		`+cyJS+`.center(n); const p = n.renderedPosition(), r = document.getElementById('cy').getBoundingClientRect();
		return [r.left + p.x, r.top + p.y]; })()`, &xy)
	if len(xy) != 2 {
		t.Fatal("XenSource is not drawn next to Rusty Russell")
	}
	run("clicking XenSource", chromedp.MouseClickXY(xy[0], xy[1]))
	wait("XenSource expanded", cyJS+`.nodes().filter(n => n.data('name') === 'XenSource' && n.hasClass('expanded')).length === 1`)
	var missing []string
	ids, _ := json.Marshal(xenRels)
	eval(fmt.Sprintf(`%s.filter(id => `+cyJS+`.getElementById(id).empty())`, ids), &missing)
	if len(missing) > 0 {
		t.Errorf("after expanding XenSource, %d of its %d relations are not drawn", len(missing), len(xenRels))
	}
	var n2 int
	eval(cyJS+`.nodes().length`, &n2)
	if n2 <= len(drawn.Nodes) {
		t.Errorf("expanding XenSource drew no new entity: %d nodes before, %d after", len(drawn.Nodes), n2)
	}
	wait("XenSource's panel", `document.querySelector('#detail-body h2').textContent.includes('XenSource')`)

	// 4. How are Rusty Russell and Zachary Amsden connected?
	findPath := func() (list []string, pathNames []string) {
		t.Helper()
		run("asking for a path",
			chromedp.Evaluate[chromedp.Void](`document.getElementById('from').value = document.getElementById('to').value = ''`),
			chromedp.SendKeys(chromedp.ID("from"), "Rusty Russell"), chromedp.SendKeys(chromedp.ID("to"), "Zachary Amsden"),
			chromedp.Click(chromedp.CSS("#path-form button")))
		wait("paths listed", `document.getElementById('path-list').getAttribute('aria-busy') === 'false'`)
		eval(`Array.from(document.querySelectorAll('#path-list li')).map(li => li.textContent)`, &list)
		eval(cyJS+`.nodes('.path').map(n => n.data('name'))`, &pathNames)
		return
	}
	checkPaths := func(label string, wantNoComention bool) int {
		t.Helper()
		var ps []struct {
			Length int
			Nodes  []struct{ ID, Name string }
			Edges  []struct {
				ID, Type        string
				Subject, Object struct{ ID string }
			}
		}
		eval(`window.kgraphExplorer.state.paths`, &ps)
		if len(ps) == 0 {
			var list []string
			eval(`Array.from(document.querySelectorAll('#path-list li')).map(li => li.textContent)`, &list)
			t.Fatalf("%s: no path; the page lists %q", label, list)
		}
		for _, p := range ps {
			if len(p.Nodes) != p.Length+1 || len(p.Edges) != p.Length || p.Nodes[0].Name != "Rusty Russell" || p.Nodes[len(p.Nodes)-1].Name != "Zachary Amsden" {
				t.Errorf("%s: bad path %+v", label, p)
				continue
			}
			for i, e := range p.Edges {
				a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
				if !(e.Subject.ID == a && e.Object.ID == b || e.Subject.ID == b && e.Object.ID == a) {
					t.Errorf("%s: edge %d (%s) does not join %s and %s", label, i, e.Type, p.Nodes[i].Name, p.Nodes[i+1].Name)
				}
				if wantNoComention && e.Type == "CO_MENTIONED" {
					t.Errorf("%s: co-mention in the path although co-mentions are hidden", label)
				}
				var drawnPath bool
				eval(fmt.Sprintf(`%s.getElementById(%q).hasClass('path')`, cyJS, e.ID), &drawnPath)
				if !drawnPath {
					t.Errorf("%s: edge %s not drawn as part of the path", label, e.ID)
				}
			}
		}
		return ps[0].Length
	}
	list, names := findPath()
	if len(list) == 0 || !strings.Contains(list[0], "hop") {
		t.Errorf("path list %q", list)
	}
	if !contains(names, "Rusty Russell") || !contains(names, "Zachary Amsden") {
		t.Errorf("path drawn through %q, want both ends", names)
	}
	first := checkPaths("path", false)
	if !strings.Contains(list[0], "Rusty Russell") || !strings.Contains(list[0], "Zachary Amsden") {
		t.Errorf("first listed path %q lacks an end", list[0])
	}

	// Hiding co-mentions filters the drawing and the path search.
	run("hiding co-mentions", chromedp.Click(chromedp.ID("hide-comention")))
	hiddenCo := `window.kgraphExplorer.shown().edges().length === ` + cyJS + `.edges().filter(e => e.data('type') !== 'CO_MENTIONED').length`
	if _, err := chromedp.Run(bctx, chromedp.Poll[chromedp.Void](hiddenCo, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		var vis struct{ Visible, Typed int }
		eval(`({Visible: window.kgraphExplorer.shown().edges().length, Typed: `+cyJS+`.edges().filter(e => e.data('type') !== 'CO_MENTIONED').length})`, &vis)
		t.Errorf("with co-mentions hidden %d edges are visible, %d are typed", vis.Visible, vis.Typed)
	}
	list, _ = findPath()
	typedLen := checkPaths("typed path", true)
	if typedLen < first {
		t.Errorf("the typed path (%d hops) is shorter than the unrestricted one (%d)", typedLen, first)
	}
	t.Logf("paths: %d hops with co-mentions, %d without: %q", first, typedLen, list)

	// 5. Who worked with Rusty Russell?
	run("selecting Rusty Russell from the path list",
		chromedp.Click(chromedp.CSS(`#path-list li.path-item button.linkbtn:not(.rtype)`)))
	wait("Rusty's panel", `document.querySelector('#detail-body h2').textContent.includes('Rusty Russell') && document.getElementById('collab-btn')`)
	run("asking for collaborators", chromedp.Click(chromedp.ID("collab-btn")))
	wait("collaborators", `document.querySelectorAll('#collab-list li').length > 0 || /No collaborators|Could not/.test(document.getElementById('collab').textContent)`)
	var collab []string
	eval(`Array.from(document.querySelectorAll('#collab-list li')).map(li => li.textContent)`, &collab)
	if len(collab) == 0 || !strings.Contains(strings.Join(collab, "\n"), "Jeremy Fitzhardinge") {
		t.Errorf("collaborators of Rusty Russell: %q, want Jeremy Fitzhardinge (WORKED_WITH)", collab)
	}

	// An empty date range hides every relation, and says so.
	run("until 2000", chromedp.Evaluate[chromedp.Void](`(() => { const u = document.getElementById('until'); u.value = '2000-01-01'; u.dispatchEvent(new Event('input')); })()`))
	var dated struct {
		Edges, Drawn int
		Status       string
	}
	eval(`({Edges: window.kgraphExplorer.shown().edges().length, Drawn: `+cyJS+`.edges().filter(e => e.visible()).length, Status: document.getElementById('status').textContent})`, &dated)
	if dated.Edges != 0 || !strings.Contains(dated.Status, "hidden by filters") {
		t.Errorf("until 2000-01-01: %+v", dated)
	}
	wait("the drawing to hide every relation", cyJS+`.edges().filter(e => e.visible()).length === 0`)
	run("no date filter", chromedp.Evaluate[chromedp.Void](`(() => { const u = document.getElementById('until'); u.value = ''; u.dispatchEvent(new Event('input')); })()`))

	// 6. The graph export links (issue #6) follow the filters when asked to.
	run("export with filters", chromedp.Evaluate[chromedp.Void](`document.querySelector('#controls details:nth-of-type(3)').open = true`),
		chromedp.Click(chromedp.ID("export-filtered")))
	var links []string
	eval(`Array.from(document.querySelectorAll('#export-links a')).map(a => a.getAttribute('href'))`, &links)
	if len(links) != 8 || !strings.Contains(links[0], "no-comentions=true") {
		t.Errorf("export links %q, want 8 with no-comentions", links)
	}
	var exportStatus int
	eval(`fetch(document.querySelector('#export-links a').href).then(r => r.status)`, &exportStatus)
	if exportStatus != 200 {
		t.Errorf("GET %s: %d", links, exportStatus)
	}

	// SVG export draws what is visible.
	var svg struct {
		Circles, Visible int
		OK               bool
	}
	eval(`(() => { const s = window.kgraphExplorer.toSVG(); const d = new DOMParser().parseFromString(s, 'image/svg+xml');
		return {OK: !d.querySelector('parsererror'), Circles: d.querySelectorAll('circle').length, Visible: window.kgraphExplorer.shown().nodes().length}; })()`, &svg)
	if !svg.OK || svg.Circles != svg.Visible || svg.Visible == 0 {
		t.Errorf("SVG export: %+v", svg)
	}

	// A relation whose argument types disagree with the graph's (the
	// demo's LIVES_IN Chris Wright -> Red Hat, read from a sentence that
	// took Red Hat for a place) is drawn dotted, and only such relations are.
	d := must(t, query(t, url, `{ entity(name: "Chris Wright") { relations(first: 100) { edges { node { id typesAgree } } } } }`, nil))
	var disagree []string
	for _, e := range path(d, "entity", "relations", "edges").([]any) {
		if path(e, "node", "typesAgree") == false {
			disagree = append(disagree, path(e, "node", "id").(string))
		}
	}
	if len(disagree) == 0 {
		t.Error("the demo graph has no relation of Chris Wright whose types disagree (LIVES_IN Red Hat)")
	}
	var conflict struct{ Dotted, Agreeing []string }
	eval(`(async () => { await window.kgraphExplorer.focusEntity('Chris Wright');
		const es = `+cyJS+`.edges();
		return {Dotted: es.filter(e => e.hasClass('conflict')).map(e => e.id()),
			Agreeing: es.filter(e => e.hasClass('conflict') !== (e.data('rel').typesAgree === false)).map(e => e.id())}; })()`, &conflict)
	slices.Sort(conflict.Dotted)
	slices.Sort(disagree)
	if !slices.Equal(conflict.Dotted, disagree) || len(conflict.Agreeing) != 0 {
		t.Errorf("dotted edges %q, want the relations whose types disagree %q (mismatched: %q)", conflict.Dotted, disagree, conflict.Agreeing)
	}
	// The side panel's relation list says so too.
	wait("Chris Wright's panel", `document.querySelector('#detail-body h2').textContent.includes('Chris Wright') && document.querySelectorAll('#detail-body ul.rels li').length > 0`)
	var tags int
	eval(`document.querySelectorAll('#detail-body ul.rels li .warn-tag').length`, &tags)
	if tags != len(disagree) {
		t.Errorf("%d relations marked 'types disagree' in the panel, want %d", tags, len(disagree))
	}

	// 7. Without the server's search, path(s), collaborators and neighbors
	// (older servers), the page's fallbacks give the same answers.
	var fb struct {
		Len, N           int
		Types, Sug, Coll []string
		Rels, ServerRels int
	}
	fbJS := `(async () => { const k = window.kgraphExplorer;
		const server = await k.fetchEntity('XenSource');
		k.caps.known = true; k.caps.fields = new Set(['entity', 'entities', 'relation', 'stats', 'Entity.relations']);
		const ps = await k.findPaths('Rusty Russell', 'Zachary Amsden', 4);
		const sug = await k.suggest('rusty');
		const coll = await k.clientCollaborators({name: 'Rusty Russell'});
		const old = await k.fetchEntity('XenSource');
		return {Len: ps.length ? ps[0].length : -1, N: ps.length, Types: ps.flatMap(p => p.edges.map(e => e.type)),
			Sug: sug.map(e => e.name), Coll: coll.map(c => c.person.name),
			Rels: old.relations.edges.length, ServerRels: server.relations.edges.length}; })()`
	raw, err := chromedp.Run(bctx, chromedp.Evaluate[json.RawMessage](fbJS, chromedp.EvalAwaitPromise))
	if err == nil {
		err = json.Unmarshal(raw, &fb)
	}
	if err != nil {
		t.Fatalf("fallbacks: %v", err)
	}
	if fb.Len != typedLen || fb.N == 0 || contains(fb.Types, "CO_MENTIONED") {
		t.Errorf("fallback path search: %+v; the server's shortest typed path has %d hops", fb, typedLen)
	}
	if len(fb.Sug) == 0 || fb.Sug[0] != "Rusty Russell" || !contains(fb.Coll, "Jeremy Fitzhardinge") || fb.Rels != fb.ServerRels || fb.Rels != len(xenRels) {
		t.Errorf("fallbacks: suggestions %q, collaborators %q, XenSource relations %d (server %d, API %d)", fb.Sug, fb.Coll, fb.Rels, fb.ServerRels, len(xenRels))
	}

	// Searching for nothing known says so; Escape closes the list.
	run("searching for nonsense", chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`), chromedp.SendKeys(chromedp.ID("q"), "qxzzv"))
	wait("no suggestions", `document.getElementById('suggestions').dataset.query === 'qxzzv'`)
	var none string
	eval(`document.getElementById('suggestions').textContent`, &none)
	if !strings.Contains(none, "No entity matches") {
		t.Errorf("suggestions for nonsense: %q", none)
	}
	run("Escape", chromedp.KeyEvent(kb.Escape))
	wait("the list closed", `document.getElementById('suggestions').hidden && document.getElementById('q').getAttribute('aria-expanded') === 'false'`)
	run("restoring the search box", chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = 'Rusty Russell'`))

	// 8. The screenshot, then the phone layout: nothing wider than the screen.
	run("fitting", chromedp.Evaluate[chromedp.Void](`document.getElementById('controls').scrollTop = 0`),
		chromedp.Click(chromedp.ID("fit")), chromedp.Sleep(300*time.Millisecond))
	var fit struct {
		H, Inner float64
		Inside   bool
	}
	eval(`(() => { const cy = `+cyJS+`, bb = window.kgraphExplorer.shown().boundingBox(), ex = cy.extent();
		return {H: cy.height(), Inner: window.innerHeight, Inside: bb.x1 >= ex.x1 - 1 && bb.x2 <= ex.x2 + 1 && bb.y1 >= ex.y1 - 1 && bb.y2 <= ex.y2 + 1}; })()`, &fit)
	if fit.H > fit.Inner || fit.H < 300 || !fit.Inside {
		t.Errorf("the drawing does not fit the screen: %+v", fit)
	}
	shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	out := os.Getenv("KGRAPH_SCREENSHOT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "explorer.png")
	}
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", out, len(shot))

	run("phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Sleep(300*time.Millisecond))
	var widths []int
	eval(`[document.documentElement.scrollWidth, window.innerWidth, Math.round(document.getElementById('cy').getBoundingClientRect().height)]`, &widths)
	if len(widths) != 3 || widths[0] > widths[1] || widths[2] < 250 {
		t.Errorf("phone layout: scroll width %v > viewport or graph too small", widths)
	}
	if p := os.Getenv("KGRAPH_SCREENSHOT_PHONE"); p != "" {
		if phone, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(p, phone, 0o644)
		}
	}

	stopConsole()
	<-consoleDone
	for _, e := range pageErrors {
		t.Errorf("page error: %s", e)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
