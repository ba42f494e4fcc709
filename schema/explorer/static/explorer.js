// kgraph explorer: plain JavaScript, no build step. Talks to the server only
// through GraphQL at /graphql. Every piece of data is inserted as text
// (textContent, createTextNode, attributes), never as HTML.
(function () {
  'use strict';

  const TYPES = ['PERSON', 'ORG', 'LOCATION', 'MISC', 'PRODUCT', 'EVENT'];
  const COLORS = { PERSON: '#3b6fd8', ORG: '#e07b28', LOCATION: '#2e9b57', MISC: '#8a8f99', PRODUCT: '#8e4ec6', EVENT: '#c93a3a' };
  const COMENTION = 'CO_MENTIONED';
  // The built-in relation types (rules files may add more; those count once drawn).
  const REL_TYPES = ['WORKS_FOR', 'FOUNDED', 'LEADS', 'PARTNERS_WITH', 'COMPETES_WITH', 'ACQUIRED', 'WORKED_WITH', 'BASED_IN', 'LIVES_IN', 'LOCATED_IN', COMENTION];
  const EXPORT_FORMATS = ['graphml', 'gexf', 'neo4j-csv', 'cypher', 'nquads', 'jsonld', 'dot', 'jsonl'];
  const $ = (id) => document.getElementById(id);

  // el builds an element: attrs sets attributes (text: textContent, class,
  // on*: listeners); children are nodes or strings (inserted as text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function badge(type) {
    const b = el('span', { class: 'badge', text: type });
    b.style.background = COLORS[type] || '#777';
    return b;
  }

  // ---- GraphQL ----------------------------------------------------------

  class GQLError extends Error {
    constructor(msg, code) { super(msg); this.code = code; }
  }

  async function gql(query, variables) {
    let r;
    try {
      r = await fetch('/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ query, variables: variables || {} }),
      });
    } catch (e) {
      throw new GQLError('cannot reach the server (' + e.message + ')', 'NETWORK');
    }
    let body;
    try { body = await r.json(); } catch (e) { throw new GQLError('the server answered ' + r.status + ' without JSON', 'HTTP'); }
    if (body.errors && body.errors.length) {
      const e0 = body.errors[0];
      throw new GQLError(body.errors.map((e) => e.message).join('; '), e0.extensions && e0.extensions.code);
    }
    return body.data;
  }

  const E = 'fragment E on Entity { id name type mentionCount }';
  // R asks for typesAgree only where the server has it (see detect).
  let R = 'fragment R on Relation { id type weight confidence symmetric role firstSeen lastSeen typesAgree subject { ...E } object { ...E } }';
  const EV = 'fragment EV on Evidence { sentence start end subjectStart subjectEnd objectStart objectEnd confidence extractor document { id title date url } }';

  // caps holds the Query and Entity fields the server has (by introspection),
  // so that the page uses the richer API where it exists.
  const caps = { known: false, fields: new Set() };
  async function detect() {
    try {
      const d = await gql('{ q: __type(name: "Query") { fields { name } } e: __type(name: "Entity") { fields { name } } r: __type(name: "Relation") { fields { name } } }');
      for (const f of d.q.fields) caps.fields.add(f.name);
      for (const f of d.e.fields) caps.fields.add('Entity.' + f.name);
      for (const f of d.r.fields) caps.fields.add('Relation.' + f.name);
      caps.known = true;
      if (!caps.fields.has('Relation.typesAgree')) R = R.replace(' typesAgree', '');
    } catch (e) {
      caps.known = false; // introspection disabled: try the new API, fall back on validation errors
    }
  }
  // either runs the new-API function when the server has field, the old one
  // when it has not, and when unsure tries the new one first.
  async function either(field, newer, older) {
    if (caps.known && !caps.fields.has(field)) return older();
    try {
      return await newer();
    } catch (e) {
      if (caps.known || (e.code !== 'GRAPHQL_VALIDATION_FAILED' && !/Cannot query field|Unknown argument/.test(e.message))) throw e;
      return older();
    }
  }

  // ---- status and errors ------------------------------------------------

  function status(msg, isError) {
    const s = $('status');
    s.textContent = msg || '';
    s.classList.toggle('error', !!isError);
  }
  function fail(where, e) {
    status(where + ': ' + (e && e.message ? e.message : e), true);
  }

  // ---- the graph --------------------------------------------------------

  const cy = cytoscape({
    container: $('cy'),
    wheelSensitivity: 0.3,
    minZoom: 0.1,
    maxZoom: 4,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(color)', width: 'data(size)', height: 'data(size)',
        label: 'data(name)', 'font-size': 11, color: '#1d2330', 'text-valign': 'bottom', 'text-margin-y': 3,
        'text-wrap': 'wrap', 'text-max-width': 110, 'text-outline-color': '#fff', 'text-outline-width': 2,
        'border-width': 1, 'border-color': '#fff' } },
      { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#1d2330' } },
      { selector: 'edge', style: {
        width: 'data(width)', 'line-color': '#8f99aa', 'curve-style': 'bezier', opacity: 0.9,
        label: 'data(label)', 'font-size': 8, color: '#4a5263', 'text-rotation': 'autorotate',
        'text-background-color': '#fbfcfd', 'text-background-opacity': 0.85, 'text-background-padding': 1 } },
      { selector: 'edge.directed', style: { 'target-arrow-shape': 'triangle', 'target-arrow-color': '#8f99aa', 'arrow-scale': 0.8 } },
      { selector: 'edge.comention', style: { 'line-style': 'dashed', 'line-color': '#c5cad3', label: '', opacity: 0.8 } },
      { selector: 'edge.comention:selected, edge.comention.path', style: { label: 'co-mentioned' } },
      { selector: 'edge.conflict', style: { 'line-style': 'dotted', 'line-color': '#c98a2b', 'target-arrow-color': '#c98a2b' } },
      { selector: ':selected', style: { 'border-width': 4, 'border-color': '#f0a500', 'line-color': '#f0a500', 'target-arrow-color': '#f0a500' } },
      { selector: '.path', style: { 'line-color': '#d1460f', 'target-arrow-color': '#d1460f', 'border-color': '#d1460f', 'border-width': 4, 'z-index': 10, opacity: 1, 'line-style': 'solid' } },
      { selector: '.faded', style: { opacity: 0.18 } },
      { selector: '.filtered', style: { display: 'none' } },
    ],
  });

  const state = { focus: null, selected: null, paths: [], loaded: new Set() };

  // Labels keep a readable size when zoomed out (up to twice the base size).
  let labelScale = 1;
  cy.on('zoom', () => {
    const k = Math.min(2, Math.max(1, 1 / cy.zoom()));
    if (Math.abs(k - labelScale) < 0.05) return;
    labelScale = k;
    cy.style().selector('node').style('font-size', 11 * k).selector('edge').style('font-size', 8 * k).update();
  });

  function nodeSize(mentions) { return Math.min(72, 18 + 9 * Math.sqrt(Math.max(1, mentions || 1))); }
  function edgeWidth(weight) { return Math.min(9, 1 + 1.6 * Math.log2(Math.max(1, weight || 1))); }

  function addEntity(e, near) {
    let n = cy.getElementById(e.id);
    if (n.nonempty()) return n;
    const pos = near ? { x: near.x + (Math.random() - 0.5) * 160, y: near.y + (Math.random() - 0.5) * 160 } : { x: 0, y: 0 };
    n = cy.add({ group: 'nodes', data: { id: e.id, name: e.name, type: e.type, mentions: e.mentionCount,
      color: COLORS[e.type] || '#777', size: nodeSize(e.mentionCount) }, position: pos });
    return n;
  }

  function addRelation(r, near) {
    addEntity(r.subject, near);
    addEntity(r.object, near);
    let ed = cy.getElementById(r.id);
    if (ed.nonempty()) return ed;
    const label = r.type + (r.role ? ' (' + r.role + ')' : '');
    ed = cy.add({ group: 'edges', data: { id: r.id, source: r.subject.id, target: r.object.id, type: r.type, label,
      weight: r.weight, width: edgeWidth(r.weight), firstSeen: r.firstSeen || '', lastSeen: r.lastSeen || '', rel: r } });
    if (r.type === COMENTION) ed.addClass('comention');
    if (!r.symmetric) ed.addClass('directed');
    if (r.typesAgree === false) ed.addClass('conflict');
    return ed;
  }

  // fetchEntity loads an entity with up to 100 relations: the heaviest
  // first where the server has Entity.neighbors, else in storage order.
  async function fetchEntity(name) {
    const newer = async () => {
      const d = await gql('query($n: String!) { entity(name: $n) { ...E aliases neighbors(first: 100) { totalCount edges { relation { ...R } } } } } ' + E + ' ' + R, { n: name });
      if (!d.entity) return null;
      const ns = d.entity.neighbors;
      return Object.assign(d.entity, { relations: { totalCount: ns.totalCount, edges: ns.edges.map((e) => ({ node: e.relation })) } });
    };
    const older = async () => (await gql('query($n: String!) { entity(name: $n) { ...E aliases relations(first: 100) { totalCount edges { node { ...R } } } } } ' + E + ' ' + R, { n: name })).entity;
    return either('Entity.neighbors', newer, older);
  }

  // expand draws an entity and its relations; returns the entity or null.
  async function expand(name, opts) {
    opts = opts || {};
    status('Loading ' + name + '…');
    let ent;
    try { ent = await fetchEntity(name); } catch (e) { fail('Loading ' + name, e); return null; }
    if (!ent) { status('No entity named “' + name + '”.', true); return null; }
    const existing = cy.getElementById(ent.id);
    const near = existing.nonempty() ? existing.position() : null;
    const before = cy.elements().length;
    cy.batch(() => {
      const n = addEntity(ent, near);
      n.addClass('expanded');
      for (const edge of ent.relations.edges) addRelation(edge.node, near || n.position());
    });
    state.loaded.add(ent.id);
    refreshFilters();
    if (cy.elements().length !== before || opts.layout) layout(!near);
    const shown = ent.relations.edges.length, total = ent.relations.totalCount;
    if (!total) status(ent.name + ' has no relations yet.');
    else status(ent.name + ': ' + shown + ' relation' + (shown === 1 ? '' : 's') + (total > shown ? ' of ' + total + ' drawn (the strongest first is not guaranteed)' : ' drawn') + '. ' + summary());
    return ent;
  }

  // shown is what is drawn: the elements that no filter hides.
  // (Read from the classes: the computed style may lag a frame behind.)
  function shown() {
    const on = (e) => !e.hasClass('filtered');
    return cy.elements().filter((e) => on(e) && (e.isNode() || (on(e.source()) && on(e.target()))));
  }

  function summary() {
    const vn = shown().nodes().length, ve = shown().edges().length;
    const hidden = cy.elements('.filtered').length;
    return vn + ' entities and ' + ve + ' relations in view' + (hidden ? ', ' + hidden + ' hidden by filters' : '') + '.';
  }

  let layoutRun = null;
  function layout(randomize) {
    if (layoutRun) layoutRun.stop();
    const eles = shown();
    if (eles.empty()) return;
    layoutRun = eles.layout({ name: 'cose', animate: false, randomize: !!randomize, fit: true, padding: 40,
      nodeDimensionsIncludeLabels: true, idealEdgeLength: () => 110, nodeRepulsion: () => 9000,
      edgeElasticity: () => 80, gravity: 0.6, numIter: 1500, componentSpacing: 80 });
    layoutRun.run();
    renderNodeList();
  }

  // ---- filters ----------------------------------------------------------

  function checkedValues(box) {
    return new Set(Array.from(box.querySelectorAll('input:checked')).map((i) => i.value));
  }
  function filterState() {
    const allRel = Array.from($('reltypes').querySelectorAll('input'));
    return {
      relTypes: checkedValues($('reltypes')),
      relTypesAll: allRel.every((i) => i.checked),
      hideCo: $('hide-comention').checked,
      minWeight: Number($('minweight').value) || 1,
      entTypes: checkedValues($('enttypes')),
      since: $('since').value,
      until: $('until').value,
    };
  }
  function relVisible(f, r) {
    if (f.hideCo && r.type === COMENTION) return false;
    if (!f.relTypes.has(r.type) && $('reltypes').querySelector('input[value="' + CSS.escape(r.type) + '"]')) return false;
    if ((r.weight || 1) < f.minWeight) return false;
    if (f.since && (!r.lastSeen || r.lastSeen < f.since)) return false;
    if (f.until && (!r.firstSeen || r.firstSeen.slice(0, f.until.length) > f.until)) return false;
    if (!f.entTypes.has(r.subject.type) || !f.entTypes.has(r.object.type)) return false;
    return true;
  }

  function refreshFilters() {
    // Relation type checkboxes follow the types drawn; new types start checked.
    const box = $('reltypes');
    const types = Array.from(new Set(cy.edges().map((e) => e.data('type')))).sort();
    const have = new Set(Array.from(box.querySelectorAll('input')).map((i) => i.value));
    if (types.length && !have.size) box.replaceChildren();
    for (const t of types) {
      if (have.has(t)) continue;
      box.append(el('label', {}, el('input', { type: 'checkbox', value: t, checked: true, onchange: applyFilters }), t === COMENTION ? 'co-mentioned' : t));
    }
    const maxW = Math.max(1, ...cy.edges().map((e) => e.data('weight') || 1));
    $('minweight').max = String(Math.max(2, maxW));
    applyFilters();
  }

  function applyFilters() {
    const f = filterState();
    $('minweight-out').textContent = String(f.minWeight);
    cy.batch(() => {
      cy.edges().forEach((e) => e.toggleClass('filtered', !relVisible(f, e.data('rel'))));
      cy.nodes().forEach((n) => {
        const keep = n.hasClass('path') || n.id() === state.focus || n.connectedEdges().some((e) => !e.hasClass('filtered'));
        n.toggleClass('filtered', !f.entTypes.has(n.data('type')) || !keep);
      });
    });
    renderNodeList();
    renderExportLinks();
    if (cy.nodes().nonempty()) status(summary());
  }

  function buildStaticFilters() {
    const box = $('enttypes');
    for (const t of TYPES) {
      const lab = el('label', {}, el('input', { type: 'checkbox', value: t, checked: true, onchange: applyFilters }), t.toLowerCase());
      box.append(lab);
    }
    const legend = $('legend');
    for (const t of TYPES) {
      const dot = el('span', { class: 'dot', 'aria-hidden': 'true' });
      dot.style.background = COLORS[t];
      legend.append(el('span', {}, dot, t.toLowerCase()));
    }
    legend.append(el('span', { text: 'size: mentions · width: weight · dashed: co-mentioned · dotted: types disagree' }));
    for (const id of ['hide-comention', 'minweight', 'since', 'until']) $(id).addEventListener('input', applyFilters);
  }

  // ---- search with suggestions ------------------------------------------

  const combo = { items: [], active: -1, seq: 0, timer: null };

  async function suggest(q) {
    const newer = async () => (await gql('query($q: String!) { search(query: $q, first: 8) { ...E } } ' + E, { q })).search;
    const older = async () => (await gql('query($q: String) { entities(query: $q, first: 8) { edges { node { ...E } } } } ' + E, { q })).entities.edges.map((e) => e.node);
    return either('search', newer, older);
  }

  function renderSuggestions(q, items, err) {
    const list = $('suggestions');
    list.dataset.query = q;
    combo.items = items || [];
    combo.active = -1;
    list.replaceChildren();
    if (err) list.append(el('li', { class: 'empty error', role: 'option', 'aria-disabled': 'true', text: 'Search failed: ' + err.message }));
    else if (!combo.items.length) list.append(el('li', { class: 'empty', role: 'option', 'aria-disabled': 'true', text: 'No entity matches “' + q + '”.' }));
    combo.items.forEach((it, i) => {
      list.append(el('li', { id: 'sug-' + i, role: 'option', 'aria-selected': 'false',
        onmousedown: (ev) => { ev.preventDefault(); pick(i); } },
      badge(it.type), el('span', { text: it.name }), el('span', { class: 'count', text: it.mentionCount + '×' })));
    });
    list.hidden = false;
    $('q').setAttribute('aria-expanded', 'true');
  }
  function closeSuggestions() {
    $('suggestions').hidden = true;
    $('q').setAttribute('aria-expanded', 'false');
    $('q').removeAttribute('aria-activedescendant');
    combo.active = -1;
  }
  function moveActive(delta) {
    if ($('suggestions').hidden || !combo.items.length) return;
    combo.active = (combo.active + delta + combo.items.length) % combo.items.length;
    $('suggestions').querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === combo.active)));
    const cur = $('sug-' + combo.active);
    $('q').setAttribute('aria-activedescendant', cur.id);
    cur.scrollIntoView({ block: 'nearest' });
  }
  function pick(i) {
    const it = combo.items[i];
    if (!it) return;
    $('q').value = it.name;
    closeSuggestions();
    focusEntity(it.name);
  }

  function setupSearch() {
    const q = $('q');
    q.addEventListener('input', () => {
      clearTimeout(combo.timer);
      const text = q.value.trim();
      if (!text) { closeSuggestions(); return; }
      combo.timer = setTimeout(async () => {
        const seq = ++combo.seq;
        try {
          const items = await suggest(text);
          if (seq === combo.seq) renderSuggestions(text, items);
        } catch (e) {
          if (seq === combo.seq) renderSuggestions(text, [], e);
        }
      }, 120);
    });
    q.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown') { ev.preventDefault(); moveActive(1); }
      else if (ev.key === 'ArrowUp') { ev.preventDefault(); moveActive(-1); }
      else if (ev.key === 'Escape') { if (!$('suggestions').hidden) { ev.preventDefault(); closeSuggestions(); } else q.value = ''; }
    });
    q.addEventListener('blur', () => setTimeout(closeSuggestions, 150));
    $('search-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (combo.active >= 0) pick(combo.active);
      else if (combo.items.length && !$('suggestions').hidden) pick(0);
      else if (q.value.trim()) { closeSuggestions(); focusEntity(q.value.trim()); }
    });
  }

  // focusEntity starts a new view centred on one entity.
  async function focusEntity(name) {
    clearPaths();
    const ent = await expand(name, { layout: true });
    if (!ent) return;
    state.focus = ent.id;
    renderExportLinks();
    location.hash = 'entity=' + encodeURIComponent(ent.name);
    selectNode(ent.id);
  }

  // ---- selection and the side panel -------------------------------------

  function selectNode(id) {
    const n = cy.getElementById(id);
    if (n.empty()) return;
    cy.elements(':selected').unselect();
    n.select();
    showEntity(n.data('name'));
  }

  function detail(...children) {
    const body = $('detail-body');
    body.replaceChildren(...children);
  }

  function entityButton(e) {
    return el('button', { type: 'button', class: 'linkbtn', text: e.name, onclick: () => { if (cy.getElementById(e.id).empty()) focusEntity(e.name); else { selectNode(e.id); expandIfNeeded(e); } } });
  }
  async function expandIfNeeded(e) {
    if (!state.loaded.has(e.id)) await expand(e.name);
  }

  function dateRange(r) {
    if (!r.firstSeen) return '—';
    return r.firstSeen === r.lastSeen || !r.lastSeen ? r.firstSeen : r.firstSeen + ' – ' + r.lastSeen;
  }

  async function showEntity(name) {
    detail(el('h2', { text: name }), el('p', { class: 'muted', text: 'Loading…' }));
    let ent;
    try { ent = await fetchEntity(name); } catch (e) { detail(el('h2', { text: name }), el('p', { class: 'error', text: 'Could not load: ' + e.message })); return; }
    if (!ent) { detail(el('h2', { text: name }), el('p', { class: 'muted', text: 'This entity is no longer in the graph.' })); return; }
    state.selected = { kind: 'entity', id: ent.id };
    const rels = ent.relations.edges.map((e) => e.node)
      .sort((a, b) => (a.type === COMENTION) - (b.type === COMENTION) || b.weight - a.weight);
    const relList = el('ul', { class: 'rels' });
    for (const r of rels) {
      const other = r.subject.id === ent.id ? r.object : r.subject;
      const dir = r.symmetric ? '—' : r.subject.id === ent.id ? '→' : '←';
      relList.append(el('li', {},
        el('span', { class: 'rtype', text: r.type === COMENTION ? 'co-mentioned' : r.type }), ' ', dir, ' ',
        entityButton(other), ' ',
        r.typesAgree === false ? el('span', { class: 'warn-tag', text: 'types disagree', title: other.name + ' is a ' + (other.type || 'MISC') + ' in the graph' }) : null,
        r.typesAgree === false ? ' ' : null,
        el('button', { type: 'button', class: 'linkbtn', text: '×' + r.weight + ' evidence', 'aria-label': 'Evidence for ' + r.type + ' ' + other.name, onclick: () => selectRelation(r.id) })));
    }
    const body = [
      el('h2', {}, ent.name, ' ', badge(ent.type)),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Type' }), el('dd', { text: ent.type }),
        el('dt', { text: 'Mentions' }), el('dd', { text: String(ent.mentionCount) }),
        el('dt', { text: 'Aliases' }), el('dd', { text: ent.aliases.length ? ent.aliases.join(', ') : '—' }),
        el('dt', { text: 'Relations' }), el('dd', { text: String(ent.relations.totalCount) })),
      el('div', { class: 'actions' },
        el('button', { type: 'button', text: 'Expand neighbours', onclick: () => expand(ent.name) }),
        el('button', { type: 'button', text: 'Focus', onclick: () => focusEntity(ent.name) }),
        el('button', { type: 'button', text: 'Path from here', onclick: () => { $('from').value = ent.name; $('to').focus(); } }),
        ent.type === 'PERSON' ? el('button', { type: 'button', id: 'collab-btn', text: 'Who worked with ' + ent.name + '?', onclick: () => showCollaborators(ent) }) : null),
      el('div', { id: 'collab' }),
      el('h3', { text: 'Relations' }),
      rels.length ? relList : el('p', { class: 'muted', text: 'No relations.' }),
      el('h3', { text: 'Evidence' }),
      el('div', { id: 'ent-evidence' }, el('p', { class: 'muted', text: 'Loading…' })),
    ];
    detail(...body);
    loadEntityEvidence(rels.filter((r) => r.type !== COMENTION).concat(rels.filter((r) => r.type === COMENTION)).slice(0, 4));
  }

  async function loadEntityEvidence(rels) {
    const box = $('ent-evidence');
    if (!rels.length) { box.replaceChildren(el('p', { class: 'muted', text: 'No evidence.' })); return; }
    const vars = {}, parts = [], decl = [];
    rels.forEach((r, i) => { vars['r' + i] = r.id; decl.push('$r' + i + ': ID!'); parts.push('r' + i + ': relation(id: $r' + i + ') { ...R evidence(first: 1) { ...EV } }'); });
    try {
      const d = await gql('query(' + decl.join(', ') + ') { ' + parts.join(' ') + ' } ' + E + ' ' + R + ' ' + EV, vars);
      const out = [];
      rels.forEach((_, i) => { const r = d['r' + i]; if (r) for (const ev of r.evidence) out.push(evidenceBlock(ev, r)); });
      if (!$('ent-evidence')) return;
      box.replaceChildren(...(out.length ? out : [el('p', { class: 'muted', text: 'No evidence.' })]));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error', text: 'Could not load evidence: ' + e.message }));
    }
  }

  // evidenceBlock shows a sentence with the subject and object marked; the
  // offsets are code points in the document, made relative to the sentence.
  function evidenceBlock(ev, r) {
    const cps = Array.from(ev.sentence);
    const spans = [
      [ev.subjectStart - ev.start, ev.subjectEnd - ev.start, 'subj', r.subject.name],
      [ev.objectStart - ev.start, ev.objectEnd - ev.start, 'obj', r.object.name],
    ].filter(([a, b]) => a >= 0 && b <= cps.length && a < b).sort((x, y) => x[0] - y[0]);
    const q = el('p', { class: 'sentence' });
    let at = 0;
    for (const [a, b, cls, name] of spans) {
      if (a < at) continue; // overlapping spans: keep the first
      q.append(cps.slice(at, a).join(''));
      q.append(el('mark', { class: cls, title: name, text: cps.slice(a, b).join('') }));
      at = b;
    }
    q.append(cps.slice(at).join(''));
    const doc = ev.document || {};
    const title = doc.title || doc.id || 'document';
    let src = null;
    if (doc.url && /^https?:\/\//i.test(doc.url)) src = el('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank', text: title });
    else src = el('cite', { text: title });
    return el('blockquote', { class: 'ev' }, q, el('footer', {}, src, doc.date ? ' · ' + doc.date : '',
      r ? ' · ' + (r.type === COMENTION ? 'co-mentioned' : r.type) : '', ev.extractor ? ' · ' + ev.extractor : ''));
  }

  async function selectRelation(id) {
    const ed = cy.getElementById(id);
    if (ed.nonempty()) { cy.elements(':selected').unselect(); ed.select(); }
    detail(el('h2', { text: 'Relation' }), el('p', { class: 'muted', text: 'Loading…' }));
    let r;
    try {
      r = (await gql('query($id: ID!) { relation(id: $id) { ...R extractor evidence(first: 20) { ...EV } } } ' + E + ' ' + R + ' ' + EV, { id })).relation;
    } catch (e) { detail(el('h2', { text: 'Relation' }), el('p', { class: 'error', text: 'Could not load: ' + e.message })); return; }
    if (!r) { detail(el('h2', { text: 'Relation' }), el('p', { class: 'muted', text: 'This relation is no longer in the graph.' })); return; }
    state.selected = { kind: 'relation', id: r.id };
    detail(
      el('h2', {}, entityButton(r.subject), ' ', el('span', { class: 'rtype', text: r.type === COMENTION ? 'co-mentioned' : r.type }), ' ', r.symmetric ? '—' : '→', ' ', entityButton(r.object)),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Type' }), el('dd', { text: r.type + (r.symmetric ? ' (symmetric)' : '') }),
        r.role ? el('dt', { text: 'Role' }) : null, r.role ? el('dd', { text: r.role }) : null,
        el('dt', { text: 'Weight' }), el('dd', { text: r.weight + ' sentence' + (r.weight === 1 ? '' : 's') }),
        el('dt', { text: 'Confidence' }), el('dd', { text: r.confidence.toFixed(2) }),
        el('dt', { text: 'Extractor' }), el('dd', { text: r.extractor }),
        el('dt', { text: 'Seen' }), el('dd', { text: dateRange(r) })),
      r.typesAgree === false ? el('p', { class: 'warn', text: 'Types disagree: the graph knows ' + r.subject.name + ' as ' +
        (r.subject.type || 'MISC') + ' and ' + r.object.name + ' as ' + (r.object.type || 'MISC') + ', which ' + r.type +
        ' does not relate. Its sentences read a name differently from the rest of the graph: check the evidence.' }) : null,
      el('h3', { text: 'Evidence' }),
      ...(r.evidence.length ? r.evidence.map((ev) => evidenceBlock(ev, r)) : [el('p', { class: 'muted', text: 'No evidence sentences.' })]),
      r.weight > r.evidence.length ? el('p', { class: 'muted', text: (r.weight - r.evidence.length) + ' more not shown.' }) : null);
  }

  // ---- in-view list (keyboard access to the drawing) --------------------

  function renderNodeList() {
    const list = $('node-list');
    const nodes = shown().nodes().sort((a, b) => (b.data('mentions') || 0) - (a.data('mentions') || 0));
    $('nodes-section').hidden = nodes.empty();
    list.replaceChildren(...nodes.map((n) => el('li', {}, el('button', { type: 'button', class: 'linkbtn', text: n.data('name'),
      'aria-label': n.data('name') + ', ' + n.data('type') + (n.hasClass('expanded') ? ', expanded' : ''),
      onclick: () => { selectNode(n.id()); expandIfNeeded({ id: n.id(), name: n.data('name') }); } }))));
  }

  // ---- paths --------------------------------------------------------------

  function pathVars(from, to, maxHops) {
    const f = filterState();
    const v = { f: from, t: to, h: maxHops };
    if (!f.relTypesAll || f.hideCo) {
      // Types not drawn yet have no checkbox and count as checked.
      const boxes = new Set(Array.from($('reltypes').querySelectorAll('input')).map((i) => i.value));
      v.ty = Array.from(new Set(REL_TYPES.concat(Array.from(boxes))))
        .filter((t) => (!boxes.has(t) || f.relTypes.has(t)) && !(f.hideCo && t === COMENTION));
    }
    if (f.since) v.s = f.since;
    if (f.until) v.u = f.until;
    return v;
  }

  async function serverPaths(from, to, maxHops) {
    const d = await gql('query($f: String!, $t: String!, $h: Int, $ty: [String!], $s: String, $u: String) { paths(from: $f, to: $t, maxHops: $h, types: $ty, since: $s, until: $u, first: 3) { length nodes { ...E } edges { ...R } } } ' + E + ' ' + R, pathVars(from, to, maxHops));
    return d.paths;
  }
  async function serverPath(from, to, maxHops) {
    const d = await gql('query($f: String!, $t: String!, $h: Int, $ty: [String!], $s: String, $u: String) { path(from: $f, to: $t, maxHops: $h, types: $ty, since: $s, until: $u) { length nodes { ...E } edges { ...R } } } ' + E + ' ' + R, pathVars(from, to, maxHops));
    return d.path ? [d.path] : [];
  }

  // clientPaths is the fallback on servers without path: a breadth-first
  // search over relations, a few entities per request, bounded in size.
  async function clientPaths(from, to, maxHops) {
    const f = filterState();
    const ok = (r) => relVisible(Object.assign({}, f, { minWeight: f.minWeight }), r);
    const ends = await gql('query($a: String!, $b: String!) { a: entity(name: $a) { ...E } b: entity(name: $b) { ...E } } ' + E, { a: from, b: to });
    if (!ends.a) throw new GQLError('no entity named “' + from + '”');
    if (!ends.b) throw new GQLError('no entity named “' + to + '”');
    const start = ends.a, goal = ends.b;
    if (start.id === goal.id) return [{ length: 0, nodes: [start], edges: [] }];
    const ents = new Map([[start.id, start], [goal.id, goal]]);
    const depth = new Map([[start.id, 0]]);
    const parents = new Map(); // id -> [{prev, rel}]
    let frontier = [start];
    let fetched = 0;
    for (let d = 1; d <= maxHops && frontier.length && !depth.has(goal.id); d++) {
      const next = [];
      for (let i = 0; i < frontier.length; i += 10) {
        const batch = frontier.slice(i, i + 10);
        if ((fetched += batch.length) > 400) throw new GQLError('the search grew too large; try fewer hops or a filter');
        const vars = {}, decl = [], parts = [];
        batch.forEach((e, j) => { vars['n' + j] = e.name; decl.push('$n' + j + ': String!'); parts.push('n' + j + ': entity(name: $n' + j + ') { id relations(first: 100) { edges { node { ...R } } } }'); });
        const res = await gql('query(' + decl.join(', ') + ') { ' + parts.join(' ') + ' } ' + E + ' ' + R, vars);
        batch.forEach((e, j) => {
          const got = res['n' + j];
          if (!got) return;
          for (const { node: r } of got.relations.edges) {
            if (!ok(r)) continue;
            const other = r.subject.id === e.id ? r.object : r.subject;
            if (depth.has(other.id) && depth.get(other.id) < d) continue;
            if (!depth.has(other.id)) { depth.set(other.id, d); ents.set(other.id, other); next.push(other); }
            if (!parents.has(other.id)) parents.set(other.id, []);
            parents.get(other.id).push({ prev: e.id, rel: r });
          }
        });
      }
      frontier = next;
    }
    if (!depth.has(goal.id)) return [];
    const out = [];
    const walk = (id, nodes, edges) => {
      if (out.length >= 3) return;
      if (id === start.id) { out.push({ length: edges.length, nodes: [start, ...nodes], edges: edges.slice() }); return; }
      for (const p of parents.get(id) || []) {
        walk(p.prev, [ents.get(id), ...nodes], [p.rel, ...edges]);
        if (out.length >= 3) return;
      }
    };
    walk(goal.id, [], []);
    return out;
  }

  async function findPaths(from, to, maxHops) {
    if (caps.known && caps.fields.has('paths')) return serverPaths(from, to, maxHops);
    return either('path', () => serverPath(from, to, maxHops), () => clientPaths(from, to, maxHops));
  }

  function clearPaths() {
    state.paths = [];
    cy.elements().removeClass('path faded');
    $('path-list').replaceChildren();
  }

  async function runPath(ev) {
    ev.preventDefault();
    const from = $('from').value.trim(), to = $('to').value.trim();
    const hops = Math.max(1, Math.min(8, Number($('maxhops').value) || 4));
    if (!from || !to) return;
    clearPaths();
    const list = $('path-list');
    list.setAttribute('aria-busy', 'true');
    list.replaceChildren(el('li', { class: 'muted', text: 'Searching…' }));
    try { await showPaths(from, to, hops, list); } finally { list.setAttribute('aria-busy', 'false'); }
  }

  async function showPaths(from, to, hops, list) {
    let paths;
    try { paths = await findPaths(from, to, hops); } catch (e) {
      list.replaceChildren(el('li', { class: 'error', text: 'Path search failed: ' + e.message }));
      return;
    }
    if (!paths.length) {
      list.replaceChildren(el('li', { class: 'muted', text: 'No connection between “' + from + '” and “' + to + '” within ' + hops + ' hops' + (filterState().hideCo ? ' (co-mentions are hidden)' : '') + '.' }));
      return;
    }
    state.paths = paths;
    cy.batch(() => {
      for (const p of paths) {
        for (const n of p.nodes) addEntity(n);
        for (const r of p.edges) addRelation(r);
      }
      for (const p of paths) {
        for (const n of p.nodes) cy.getElementById(n.id).addClass('path');
        for (const r of p.edges) cy.getElementById(r.id).addClass('path');
      }
    });
    refreshFilters();
    cy.elements().not('.path').addClass('faded');
    layout(false);
    cy.fit(cy.elements('.path'), 60);
    list.replaceChildren(...paths.map((p) => {
      const li = el('li', { class: 'path-item' });
      li.append(el('span', { class: 'muted', text: p.length + (p.length === 1 ? ' hop: ' : ' hops: ') }));
      p.nodes.forEach((n, i) => {
        if (i > 0) {
          const r = p.edges[i - 1];
          const fwd = r.subject.id === p.nodes[i - 1].id;
          li.append(' ', el('button', { type: 'button', class: 'linkbtn rtype', text: (r.symmetric ? '' : fwd ? '' : '←') + (r.type === COMENTION ? 'co-mentioned' : r.type) + (r.symmetric || !fwd ? '' : '→'),
            'aria-label': 'Evidence for ' + r.type, onclick: () => selectRelation(r.id) }), ' ');
        }
        li.append(entityButton(n));
      });
      return li;
    }));
    status(paths.length + ' path' + (paths.length === 1 ? '' : 's') + ' of ' + paths[0].length + ' hop' + (paths[0].length === 1 ? '' : 's') + ' drawn.');
  }

  // ---- collaborators ------------------------------------------------------

  const ORG_LINKS = new Set(['WORKS_FOR', 'FOUNDED', 'LEADS']);

  // clientCollaborators: people related directly (worked with, co-mentioned,
  // any typed relation) or through an organization both work for.
  async function clientCollaborators(ent) {
    const me = await fetchEntity(ent.name);
    if (!me) return [];
    const by = new Map();
    const add = (p, how, score, relId) => {
      if (p.id === me.id) return;
      if (!by.has(p.id)) by.set(p.id, { person: p, how: [], score: 0, relIds: [] });
      const c = by.get(p.id);
      if (c.how.includes(how)) return;
      c.how.push(how); c.score += score; if (relId) c.relIds.push(relId);
    };
    const orgs = [];
    for (const { node: r } of me.relations.edges) {
      const other = r.subject.id === me.id ? r.object : r.subject;
      if (other.type === 'PERSON') {
        const w = r.type === 'WORKED_WITH' ? 3 : r.type === COMENTION ? 1 : 2;
        add(other, (r.type === COMENTION ? 'co-mentioned' : r.type.toLowerCase().replace(/_/g, ' ')) + ' ×' + r.weight, w * r.weight, r.id);
      } else if (other.type === 'ORG' && ORG_LINKS.has(r.type) && r.subject.id === me.id) {
        orgs.push(other);
      }
    }
    for (const org of orgs.slice(0, 10)) {
      const o = await fetchEntity(org.name);
      if (!o) continue;
      for (const { node: r } of o.relations.edges) {
        if (ORG_LINKS.has(r.type) && r.object.id === o.id && r.subject.type === 'PERSON') add(r.subject, 'both at ' + o.name, 2, r.id);
      }
    }
    return Array.from(by.values()).sort((a, b) => b.score - a.score || a.person.name.localeCompare(b.person.name));
  }

  const KIND_TEXT = { WORKED_WITH: 'worked with', SAME_EMPLOYER: 'both at', SAME_PROJECT: 'both in', CO_MENTIONED: 'co-mentioned' };

  async function serverCollaborators(ent) {
    const f = filterState();
    const d = await gql('query($n: String!, $s: String, $u: String) { collaborators(name: $n, first: 20, since: $s, until: $u) { totalCount edges { score node { ...E } connections { kind via { name } since until relations { id weight } } } } } ' + E,
      { n: ent.name, s: f.since || null, u: f.until || null });
    return d.collaborators.edges.map((c) => ({
      person: c.node,
      score: c.score,
      how: c.connections.map((k) => (KIND_TEXT[k.kind] || k.kind.toLowerCase()) + (k.via ? ' ' + k.via.name : '') +
        (k.kind === 'WORKED_WITH' || k.kind === 'CO_MENTIONED' ? ' ×' + k.relations.reduce((n, r) => n + r.weight, 0) : '') +
        (k.since && (!k.until || k.since <= k.until) ? ' (' + k.since + (k.until && k.until !== k.since ? ' – ' + k.until : '') + ')' : '')),
      relIds: [].concat(...c.connections.map((k) => k.relations.map((r) => r.id))),
    }));
  }

  async function showCollaborators(ent) {
    const box = $('collab');
    if (!box) return;
    box.replaceChildren(el('p', { class: 'muted', text: 'Looking for collaborators…' }));
    let list;
    try {
      list = await either('collaborators', () => serverCollaborators(ent), () => clientCollaborators(ent));
    } catch (e) {
      box.replaceChildren(el('p', { class: 'error', text: 'Could not find collaborators: ' + e.message }));
      return;
    }
    if (!$('collab')) return;
    if (!list.length) { box.replaceChildren(el('p', { class: 'muted', text: 'No collaborators found for ' + ent.name + '.' })); return; }
    box.replaceChildren(el('h3', { text: 'Who worked with ' + ent.name }), el('ol', { class: 'collab', id: 'collab-list' }, ...list.map((c) => el('li', {},
      entityButton(c.person), ' ', el('span', { class: 'muted', text: c.how.join('; ') + (c.score ? ' · score ' + (Math.round(c.score * 100) / 100) : '') }),
      c.relIds.length ? ' · ' : null,
      c.relIds.length ? el('button', { type: 'button', class: 'linkbtn', text: 'evidence', 'aria-label': 'Evidence for ' + c.person.name, onclick: () => selectRelation(c.relIds[0]) }) : null,
      ...(c.evidence || []).slice(0, 1).map((ev) => evidenceBlock(ev, { subject: { name: ent.name }, object: { name: c.person.name }, type: '' }))))));
  }

  // ---- export -------------------------------------------------------------

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function exportPNG() {
    if (shown().empty()) { status('Nothing to export yet.', true); return; }
    download(cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }), 'kgraph.png');
  }

  // toSVG draws the visible nodes and edges from their positions.
  function toSVG() {
    const NS = 'http://www.w3.org/2000/svg';
    const s = (tag, attrs, text) => {
      const e = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const eles = shown();
    const bb = eles.boundingBox({ includeLabels: true });
    const pad = 20;
    const svg = s('svg', { xmlns: NS, width: Math.ceil(bb.w + 2 * pad), height: Math.ceil(bb.h + 2 * pad),
      viewBox: [bb.x1 - pad, bb.y1 - pad, bb.w + 2 * pad, bb.h + 2 * pad].map((x) => x.toFixed(1)).join(' '),
      'font-family': 'sans-serif' });
    svg.append(s('rect', { x: bb.x1 - pad, y: bb.y1 - pad, width: bb.w + 2 * pad, height: bb.h + 2 * pad, fill: '#ffffff' }));
    const defs = s('defs', {});
    const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto-start-reverse' });
    marker.append(s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8f99aa' }));
    defs.append(marker);
    svg.append(defs);
    const g = s('g', {});
    const p = (pt) => pt.x.toFixed(1) + ',' + pt.y.toFixed(1);
    eles.edges().forEach((e) => {
      const a = e.sourceEndpoint(), b = e.targetEndpoint();
      const cps = e.controlPoints();
      const d = cps && cps.length ? 'M' + p(a) + ' Q' + p(cps[0]) + ' ' + p(b) : 'M' + p(a) + ' L' + p(b);
      const attrs = { d, fill: 'none', stroke: e.style('line-color'), 'stroke-width': parseFloat(e.style('width')), opacity: e.style('opacity') };
      if (e.hasClass('comention')) attrs['stroke-dasharray'] = '6 4';
      if (e.hasClass('conflict')) attrs['stroke-dasharray'] = '2 3';
      if (e.hasClass('directed')) attrs['marker-end'] = 'url(#arrow)';
      g.append(s('path', attrs));
      const label = e.style('label');
      if (label) {
        const m = e.midpoint();
        g.append(s('text', { x: m.x.toFixed(1), y: m.y.toFixed(1), 'font-size': 8, 'text-anchor': 'middle', fill: '#4a5263', stroke: '#fff', 'stroke-width': 2, 'paint-order': 'stroke' }, label));
      }
    });
    eles.nodes().forEach((n) => {
      const pos = n.position();
      g.append(s('circle', { cx: pos.x.toFixed(1), cy: pos.y.toFixed(1), r: (n.width() / 2).toFixed(1), fill: n.data('color'),
        stroke: n.style('border-color'), 'stroke-width': parseFloat(n.style('border-width')), opacity: n.style('opacity') }));
      g.append(s('text', { x: pos.x.toFixed(1), y: (pos.y + n.height() / 2 + 13).toFixed(1), 'font-size': 11, 'text-anchor': 'middle', fill: '#1d2330', stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' }, n.data('name')));
    });
    svg.append(g);
    return new XMLSerializer().serializeToString(svg);
  }
  function exportSVG() {
    if (shown().empty()) { status('Nothing to export yet.', true); return; }
    download(new Blob([toSVG()], { type: 'image/svg+xml' }), 'kgraph.svg');
  }

  // exportParams turns the filters into /export's parameters.
  function exportParams() {
    const f = filterState(), p = new URLSearchParams();
    if (f.hideCo) p.set('no-comentions', 'true');
    if (f.minWeight > 1) p.set('min-weight', String(f.minWeight));
    if (f.entTypes.size < TYPES.length) p.set('types', Array.from(f.entTypes).join(','));
    if (!f.relTypesAll) {
      const boxes = new Set(Array.from($('reltypes').querySelectorAll('input')).map((i) => i.value));
      p.set('relation-types', REL_TYPES.concat(Array.from(boxes)).filter((t, i, a) => a.indexOf(t) === i && (!boxes.has(t) || f.relTypes.has(t))).join(','));
    }
    if ($('export-around').checked && state.focus) {
      const n = cy.getElementById(state.focus);
      if (n.nonempty()) { p.set('around', n.data('name')); p.set('hops', '2'); }
    }
    return p;
  }
  function renderExportLinks() {
    if (!state.exportOK) return;
    const filtered = $('export-filtered').checked;
    $('export-links').replaceChildren(...EXPORT_FORMATS.map((fmt) => {
      const p = filtered ? exportParams() : new URLSearchParams();
      p.set('format', fmt);
      return el('li', {}, el('a', { href: '/export?' + p.toString(), download: '', text: fmt }));
    }));
  }

  // checkExport offers the graph export links when the server has /export
  // (HEAD answers 404 otherwise).
  async function checkExport() {
    let ok = false;
    try { ok = (await fetch('/export?format=jsonl', { method: 'HEAD' })).ok; } catch (e) { ok = false; }
    state.exportOK = ok;
    $('export-options').hidden = !ok;
    if (ok) renderExportLinks();
    else $('export-links').replaceChildren(el('li', { class: 'muted', text: 'This server has no graph export.' }));
  }

  // ---- wiring -------------------------------------------------------------

  function setup() {
    buildStaticFilters();
    setupSearch();
    $('path-form').addEventListener('submit', runPath);
    $('fit').addEventListener('click', () => cy.fit(shown(), 40));
    $('zoom-in').addEventListener('click', () => cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
    $('zoom-out').addEventListener('click', () => cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
    $('relayout').addEventListener('click', () => layout(false));
    $('clear').addEventListener('click', () => {
      cy.elements().remove(); state.loaded.clear(); state.focus = null; clearPaths();
      $('reltypes').replaceChildren(el('span', { class: 'muted', text: 'Pick an entity first.' }));
      renderNodeList(); status('');
      history.replaceState(null, '', location.pathname);
    });
    $('png').addEventListener('click', exportPNG);
    $('svg').addEventListener('click', exportSVG);
    $('export-filtered').addEventListener('change', renderExportLinks);
    $('export-around').addEventListener('change', renderExportLinks);
    cy.on('tap', 'node', (ev) => {
      const n = ev.target;
      selectNode(n.id());
      if (!state.loaded.has(n.id())) expand(n.data('name'));
    });
    cy.on('tap', 'edge', (ev) => selectRelation(ev.target.id()));
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { cy.resize(); if (shown().nonempty()) cy.fit(shown(), 30); }, 200);
    });
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && document.activeElement !== $('q')) {
        cy.elements(':selected').unselect();
        if (state.paths.length) clearPaths();
      }
    });
    // Names for the path inputs' suggestions.
    gql('{ entities(first: 100) { edges { node { name } } } }').then((d) => {
      $('names').replaceChildren(...d.entities.edges.map((e) => el('option', { value: e.node.name })));
    }).catch(() => {});
    checkExport();
    status('Loading…');
    detect().then(() => {
      status('');
      const m = /^#entity=(.+)$/.exec(location.hash);
      if (m) { const name = decodeURIComponent(m[1]); $('q').value = name; focusEntity(name); }
      else gql('{ stats { documents entities relations } }').then((d) => {
        const st = d.stats;
        if (!st.entities) status('The graph is empty: ingest some documents first (kgraph ingest).');
        else status(st.documents + ' documents, ' + st.entities + ' entities, ' + st.relations + ' relations. Search to begin.');
      }).catch((e) => fail('Cannot reach the GraphQL API', e));
    });
  }

  window.kgraphExplorer = { cy, caps, state, shown, expand, focusEntity, toSVG, findPaths, suggest, fetchEntity, clientCollaborators };
  setup();
}());
