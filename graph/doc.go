// Package graph stores the knowledge graph — entities, typed relations,
// their supporting evidence and the documents they come from — in a badger
// (v4) key-value store, and answers the reads the GraphQL layer needs.
//
// # Usage
//
//	s, err := graph.Open(graph.DefaultOptions("/var/lib/kgraph"))
//	if errors.Is(err, graph.ErrLocked) { ... } // another process has the directory
//	defer s.Close()
//
//	statuses, err := s.PutDocuments(docs)      // one transaction, one fsync
//	err = s.DeleteDocument("doc-42")           // exact inverse of its put
//
//	e, err := s.EntityByName("VMware Inc.")    // same entity as "vmware"
//	rels, next, hasNext, err := s.Neighbors(e.ID, graph.NeighborOptions{Limit: 20})
//
//	// Several reads on one consistent snapshot:
//	err = s.View(func(tx *graph.Tx) error {
//		page, next, hasNext, total, err := tx.Entities(graph.EntityListOptions{Type: "ORG", Limit: 50})
//		...
//	})
//
// The API is modelled on badger's: DefaultOptions(dir) and With* methods,
// Open/Close, View/Update taking a function of a *Tx. Every read exists on
// Tx and, as a one-snapshot convenience, on Store:
//
//	Entity(id) / EntityByName(name) / EntitiesByName(name)
//	Entities(EntityListOptions) -> page, next, hasNext, total
//	Neighbors(id, NeighborOptions) -> relations, next, hasNext
//	Relation(subject, type, object) / RelationByID(Relation.ID())
//	Evidence(relation, limit, after) -> evidence, next
//	Document(id) / Documents(after, limit) -> docs, next, total
//	Mentions(entity, after, limit) / EntityDocuments(entity, after, limit)
//	Stats() / TypeCounts() / RelationTypes()
//	ForEachEntity(fn) / ForEachRelation(fn)   streaming, in key order
//
// Writes: Store.PutDocuments / DeleteDocument, or Tx.PutDocument /
// Tx.DeleteDocument inside Store.Update. Curation: MergeEntities,
// SplitEntity, SetEntityOverride, SuppressRelation, UndoCuration. Store.NewBulkLoader writes
// aggregated entities and relations fast (package graph/synth uses it).
// Store.RunGC runs value-log GC (also run every GCInterval in the
// background); Store.Compact flattens the LSM tree.
//
// Cursors are opaque base64url strings (the key of the last item);
// malformed ones, or ones from another listing, fail with ErrBadCursor.
// Where a listing returns hasNext, next is the cursor of the last item even
// on the last page (Relay's endCursor); where it does not, next is "" once
// nothing follows.
//
// # Model rules
//
// An entity's ID is the 64-bit xxhash of canon.Key(name) of the resolved
// name (MentionInput.Name, or Text when Name is empty); mentions without a
// usable key are skipped. Its Type is the majority type over its mentions
// ("" counts as MISC), ties to the smallest type name. Aliases are the
// cleaned surface forms with counts; Name is the most frequent alias whose
// key is the entity key, else the most frequent resolved name (ties to the
// smallest string). Lookup by name matches the canonical key, any alias
// key or the key of a curated name (SetEntityOverride), and mentions
// resolved to a curated name go to the renamed entity.
//
// A relation is (subject, type, object). Its type is symmetric when the
// first input of that type said so (a store-wide property of the type);
// symmetric relations are stored once with Subject < Object and match Out
// and In from both ends. Self-loops are dropped. Weight is the number of
// supporting sentences (several statements in one sentence count once; the
// best — highest confidence, then smallest extractor, then role name — is
// kept as the evidence). Confidence and Extractor come from the best
// evidence, Role is the most frequent non-empty role, FirstSeen/LastSeen
// are the min/max non-empty document dates. The aggregate is a pure
// function of the evidence set, so deleting a document recomputes it from
// the remaining evidence exactly. Confidences are stored with four decimal
// digits.
//
// # Key layout
//
// All integers in keys are big-endian so that byte order is numeric order;
// eid is an 8-byte EntityID, code a 2-byte relation-type code, doc a
// document ID (no 0 bytes), idx a 4-byte index, 00 a 0 byte terminating a
// variable-length string. Values are varints and length-prefixed strings
// (codec.go), never gob or JSON.
//
//	01 kind name              registry: name -> code, flags (symmetric)
//	02 kind code(4)           registry: code -> name
//	03 kind                   registry: next free code
//	                          kinds: 't' relation type (code < 2^16),
//	                          'x' extractor, 'r' role (codes used in values)
//	04 name                   counter: documents, entities, relations, mentions, curations,
//	                          "acrdefs" 00 acr: the 57 keys of acronym acr
//	05 type                   counter: entities of that type (curated type
//	                          when set, see 53)
//
//	10 eid                    entity: key, type counts, alias counts, name counts,
//	                          confidence-weighted type votes (the type is their
//	                          argmax: a few confident mentions outweigh doubtful ones)
//	11 key 00 eid             name index (canonical and alias keys, and the
//	                          key of a curated name) -> flags, type
//	12 type 00 key 00 eid     type index, for listing by type in key order
//	                          (curated type when set; key stays canonical)
//	13 eid doc                entity's documents -> mentions in the document
//	14 eid doc 00 idx         mention -> span, surface form, type, sentence
//
//	20 doc                    document metadata
//	21 doc                    contribution: what the document added
//	                          (per entity: counts and mention indexes; per
//	                          relation: sentence indexes), for exact deletes
//	22 doc 00 idx             sentence -> span, text
//
//	30 s code o               relation, forward -> weight, confidence,
//	                          extractor, role, first/last seen, role counts
//	31 o code s               relation, reverse (same value)
//	32 s code o doc 00 idx    evidence -> argument spans, confidence,
//	                          extractor, role, document date
//
//	40 variant 00 eid         typo index (search.go) -> the word: every word
//	                          of an entity's keys and, for words of 4+
//	                          runes, each one-deletion variant; written with
//	                          the entity record and name index by ingest
//	                          and the bulk loader
//
//	50 seq(8)                 curation log (curation.go) -> Curation; an
//	                          undo (UndoCuration) is one more entry
//	51 from eid               redirect -> into eid, followed by 'r' when a
//	                          rename wrote it (from is the ID of the curated
//	                          name) rather than a merge; PutDocument sends
//	                          mentions of from to into
//	52 s o type               suppressed relation (empty value); PutDocument
//	                          holds statements of it back (see 55)
//	53 eid                    curated display name and type, applied on read
//	                          and to the indexes (05, 11, 12, 40), which
//	                          applyEntity and SetEntityOverride keep in step
//	                          through one path (reindexEntity); it outlives
//	                          the entity's documents, so a curated entity
//	                          deleted and added again comes back curated;
//	                          deleted when an undo clears both
//	54 into from              merge record: the merged entity's name (and,
//	                          in records of merges made before held records,
//	                          its mention indexes and documents as written
//	                          before the merge), for splitEntity
//	55 doc                    held record (HeldRecord), only for a document
//	                          curations changed: the statements they held
//	                          back (suppressed, or self-loops made by a
//	                          redirect) and the names of the mentions a
//	                          redirect sent elsewhere; written and deleted
//	                          with the document, it lets curations be
//	                          applied and undone by writing the document
//	                          again exactly as it came (docInput)
//
//	56 doc                    acronym record (acronym.go): the acronyms
//	                          the document defines (DocInput.Acronyms, as
//	                          normalized) and the acronym keys of its bare
//	                          mentions sent to another entity (by a link or
//	                          a redirect); only when either is non-empty,
//	                          written and deleted with the document
//	57 acr 00 eid doc         definition index (empty value): doc defines
//	                          the acronym key acr as the entity eid (the ID
//	                          of the full name, before any redirect)
//	58 acr 00 doc             use index (empty value): doc has a bare
//	                          mention of acr sent elsewhere; with the
//	                          documents of acr's own entity (13) these are
//	                          the documents written again when acr's link
//	                          changes
//	59 acr                    acronym unlink (curation) -> eid: a split
//	                          separated acr from eid; acr never links again
//	5a acr                    relink record (relink.go), a record of the
//	                          rebuild queue (queue.go) -> doc: the link of
//	                          acr changed and the documents of 58 acr and of
//	                          acr's own entity (13) are being written again,
//	                          in doc order; doc is the last one written ("":
//	                          none yet). Written in the transaction of the
//	                          document or curation that changed the link,
//	                          advanced by each follow-up transaction,
//	                          deleted by the last; only exists between those
//	                          commits (or after a crash or failure there,
//	                          until the next write or Open). Dumps never
//	                          carry it.
//	5a 00 seq(8)              curation record of the rebuild queue -> doc:
//	                          the documents curation seq (its log entry, 50)
//	                          changes are being written again, in doc order;
//	                          doc as for 5a acr, and written, advanced and
//	                          deleted the same way (an acronym key is never
//	                          empty nor has a 0 byte, so the two never
//	                          collide). Which documents: MERGE those of the
//	                          merged entities (13 of each source); SPLIT,
//	                          RENAME, SET_TYPE and their undos those of the
//	                          target (13); SUPPRESS those with evidence of
//	                          the relation (32), the last follow-up then
//	                          deleting the relation if a bulk load left it;
//	                          the undo of a SUPPRESS those whose held record
//	                          (55) holds a statement of its type
//	5b seq(8)                 split data (JSON) of the curation record
//	                          5a 00 seq, only for a split of merges recorded
//	                          before held records (54 with documents or
//	                          mention indexes): what the deleted merge
//	                          records held, for the follow-ups; deleted with
//	                          the record. Dumps never carry it.
//
//	f0 doc 00 s code o idx    restore scratch (restore.go): one per restored
//	                          evidence record, by document; only while a
//	                          Restorer runs
//
//	                          Curation values (50, 53, 54, 55) are JSON: they
//	                          are few, written by hand, and read rarely.
//
// # Acronyms
//
// A document may define acronyms (DocInput.Acronyms, filled from nlp's
// "Full Name (ACR)"; only acronym-like forms count, see IsAcronym). A bare
// mention of an acronym — one whose resolved name is acronym-like and whose
// type is ORG or MISC, so a person's initials never link — goes to the
// entity the stored documents define the acronym as, when they define it
// as exactly one entity (one canonical key) and no user curation concerns
// the acronym's own entity (a redirect from it, a curated name or type of
// it, a merge into it, or an unlink, 59); otherwise it stays the entity of
// its own name: ambiguous acronyms are left alone. The link is applied
// before redirects, so merging or renaming the linked entity takes the bare
// mentions along; the held record (55) keeps their names like those of
// redirected mentions. Tx.PutDocument and Tx.DeleteDocument compare the
// links of the acronyms the document defines before and after and write
// again (as curations do, rebuild) the documents with bare mentions of
// those whose link changed. That may be thousands of documents ("UN" in a
// news corpus), more than one transaction holds, so the document's own
// transaction only writes a relink record (5a) for the acronym, and
// Store.Update, once it has committed, writes the documents again in
// follow-up transactions of at most Options.RelinkBatch documents
// (default 32; a transaction too big for badger is retried with half as
// many), advancing the record in each, before PutDocuments or
// DeleteDocument returns. A crash between those commits leaves the record,
// and the next Open (or the next write, or Store.FinishRebuilds) finishes
// it; a store opened read-only cannot, and reads it as it is, with some
// documents still under the old link. Inside one Update, after
// Tx.PutDocument, the other documents are still as they were.
// MergeEntities, SplitEntity, SetEntityOverride and UndoCuration queue
// the documents of the acronyms of the entities they touch in the same
// way, like the documents they merge or split (see "Rebuild queue").
// SplitEntity unlinks the acronyms linked to the entity, and the
// acronym entities merged into it, for good. So the store is what its
// documents and curations say whatever the order they came in, and a
// store that only ever saw some documents holds the same keys. An entity's
// canonical key is a function of its tallies (the key of a name whose ID is
// the entity's, else the smallest key of its names), so an entity that
// only redirected or linked mentions name gets the same key in any order.
// See docs/acronyms.md.
//
// Curations (curation.go, undo.go): MergeEntities, SplitEntity,
// SetEntityOverride (rename, set type), SuppressRelation and UndoCuration
// each commit their curation records and log entry in one transaction and
// then write again the documents they affect in follow-up transactions
// (see "Rebuild queue"), before they return. The store is then what its
// documents and the curations in force say, whatever the order they came
// in: undoing a curation leaves the store as if it had never been made
// (but for the log). Dumps carry every curation
// record (ForEachCuration, ForEachOverride, ForEachRedirect,
// ForEachSuppression, ForEachMergeRecord, ForEachAcronymUnlink,
// DocumentRecord.Held and .Acronyms) and a Restorer writes them back (the
// acronym indexes 57 and 58 are rebuilt from the documents); the bulk
// loader honours them.
//
// # Rebuild queue
//
// Some writes change how other documents must be written: a document that
// changes an acronym's link (see "Acronyms"), and every curation, which
// writes again the documents that mention the entities it merges, splits,
// renames or retypes, or that state the relation it suppresses — "U.S."
// merged into "United States" may concern 10,000 documents, far more than
// one badger transaction holds (about 15% of MemTableSize). Such a write
// commits its own records (the document; or the curation's records, its
// redirects and overrides, and its log entry 50) in one transaction
// together with a queue record, 5a acr for a relink or 5a 00 seq for a
// curation, naming the set of documents still to write and a cursor.
// Store.Update then, holding the store's write lock throughout, so that
// no other write (PutDocuments, DeleteDocument, another curation) comes
// between, writes those documents again in follow-up transactions of at
// most Options.RelinkBatch documents each (default 32; a transaction too
// big for badger is retried with half as many), advancing the cursor in
// each and deleting the record in the last, before the call returns.
//
// Ordering: the curations and acronym links the documents are written
// under all commit before the first follow-up, and a set is defined by the
// keys of its documents not yet written (13, 32, 55, 58), which writing a
// document again changes only for that document; so the records may be
// worked through in any order (curation records sort first), a document
// in several is written more than once, harmlessly, and the store ends key
// for key as its documents and curations say. The curation log and undo
// see the curation as soon as its first transaction commits.
//
// Failures: when a follow-up fails, what committed stays committed (the
// curation is returned with the error) and the error wraps
// ErrRebuildPending; every later write first finishes the queue and fails
// with that error, writing nothing, as long as it cannot. A crash leaves
// the records, and the next Open of a writable store finishes them (a
// read-only store reads the store as it is and says so in a log message;
// Store.FinishRebuilds finishes them on demand, and the exporters call
// it). Readers running during the follow-ups see some documents written
// again and others not yet. Dumps and the bulk loader (which finishes the
// queue before it starts) never see a record.
//
// Neighbours of an entity are prefix scans of 30 eid and 31 eid (narrowed
// to 30 eid code when types are given), never a full scan; they come in key
// order (by type code, then neighbour ID), not by weight. Evidence stores
// no sentence text: it is read from the 22 record. Counters are updated in
// the same transaction as the data, and deleted when they reach zero, so
// a store that saw a document come and go holds the same keys and values as
// one that never saw it (except registry codes, which are never freed).
//
// # Durability and limits
//
// SyncWrites is on by default: an acknowledged PutDocuments survived
// fsync. A batch too big for one badger transaction (about 15% of
// MemTableSize) is committed document by document; a single document that
// big fails with ErrInvalidInput. The documents an acronym relink or a
// curation writes again are not part of its transaction (see "Rebuild
// queue"). Write transactions are serialized by the Store; reads run concurrently on snapshots. Tables are compressed with
// ZSTD and the checksum of every block is verified when it is read (not
// the whole table at open, which read every table of a 1M-entity store —
// 3.9 s and 1.4 GB resident — before the first query).
//
// # Benchmark
//
// go test -bench . ./graph/ loads a synthetic graph (1M entities, 10M
// relations; -short: 20k/200k) with package graph/synth and reports load
// rate, bytes per relation on disk and 1-hop lookup latency; see
// bench_test.go for the method.
package graph
