package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Compression selects how table blocks are compressed on disk.
type Compression int

// Compression values. The zero value is the default, ZSTD.
const (
	ZSTD          Compression = iota // ZSTD level 1: smallest tables, the default
	Snappy                           // faster to compress, ~25% larger tables
	NoCompression                    // no compression
)

// Options configures a Store. Build it with DefaultOptions and the With
// methods; the zero value is not useful.
type Options struct {
	// Dir is the data directory. Ignored when InMemory is set.
	Dir string
	// InMemory keeps everything in memory; nothing is written to disk.
	// Default false.
	InMemory bool
	// ReadOnly opens the store for reading only: writes fail with
	// ErrReadOnly and no background GC runs. Default false.
	ReadOnly bool
	// SyncWrites makes every commit wait for fsync, so an acknowledged
	// write survives a crash. Default true.
	SyncWrites bool
	// Logger receives badger's log messages and the store's own.
	// Default slog.Default().
	Logger *slog.Logger
	// GCInterval is the period of value-log garbage collection when the
	// store is on disk and writable; 0 disables it. Default 10 minutes.
	GCInterval time.Duration
	// BlockCacheSize is the size in bytes of the cache of decompressed
	// table blocks. Default 256 MiB.
	BlockCacheSize int64
	// IndexCacheSize is the size in bytes of the cache of table indexes and
	// bloom filters; 0 keeps them all in memory. Default 0.
	IndexCacheSize int64
	// MemTableSize is the size in bytes of one memtable. It also bounds
	// one transaction to about 15% of it. Default 64 MiB.
	MemTableSize int64
	// NumMemtables is how many memtables badger keeps in memory (one being
	// written, the rest waiting to be flushed): with MemTableSize it bounds
	// the memory writes use. Default 3.
	NumMemtables int
	// ValueThreshold is the value size in bytes above which values are
	// kept in the value log instead of the LSM tree. Default 64 KiB.
	ValueThreshold int64
	// Compression of table blocks. Default ZSTD.
	Compression Compression
	// RelinkBatch is how many documents one follow-up transaction writes
	// again when a document changes what an acronym links to or a
	// curation changes how documents are written (see doc.go, "Rebuild
	// queue"); a transaction too big for badger is tried again with half
	// as many. 0 means DefaultRelinkBatch (32).
	RelinkBatch int
}

// DefaultOptions returns the default options for a store in dir.
func DefaultOptions(dir string) Options {
	return Options{
		Dir:            dir,
		SyncWrites:     true,
		GCInterval:     10 * time.Minute,
		BlockCacheSize: 256 << 20,
		MemTableSize:   64 << 20,
		NumMemtables:   3,
		ValueThreshold: 64 << 10,
		Compression:    ZSTD,
		RelinkBatch:    DefaultRelinkBatch,
	}
}

// WithDir returns o with Dir set.
func (o Options) WithDir(dir string) Options { o.Dir = dir; return o }

// WithInMemory returns o with InMemory set. Default false.
func (o Options) WithInMemory(v bool) Options { o.InMemory = v; return o }

// WithReadOnly returns o with ReadOnly set. Default false.
func (o Options) WithReadOnly(v bool) Options { o.ReadOnly = v; return o }

// WithSyncWrites returns o with SyncWrites set. Default true.
func (o Options) WithSyncWrites(v bool) Options { o.SyncWrites = v; return o }

// WithLogger returns o with Logger set. Default slog.Default().
func (o Options) WithLogger(l *slog.Logger) Options { o.Logger = l; return o }

// WithGCInterval returns o with GCInterval set; 0 disables background value
// log GC. Default 10 minutes.
func (o Options) WithGCInterval(d time.Duration) Options { o.GCInterval = d; return o }

// WithBlockCacheSize returns o with BlockCacheSize set. Default 256 MiB.
func (o Options) WithBlockCacheSize(n int64) Options { o.BlockCacheSize = n; return o }

// WithIndexCacheSize returns o with IndexCacheSize set. Default 0 (all
// indexes in memory).
func (o Options) WithIndexCacheSize(n int64) Options { o.IndexCacheSize = n; return o }

// WithMemTableSize returns o with MemTableSize set. Default 64 MiB.
func (o Options) WithMemTableSize(n int64) Options { o.MemTableSize = n; return o }

// WithNumMemtables returns o with NumMemtables set. Default 3.
func (o Options) WithNumMemtables(n int) Options { o.NumMemtables = n; return o }

// WithValueThreshold returns o with ValueThreshold set. Default 64 KiB.
func (o Options) WithValueThreshold(n int64) Options { o.ValueThreshold = n; return o }

// WithCompression returns o with Compression set. Default ZSTD.
func (o Options) WithCompression(c Compression) Options { o.Compression = c; return o }

// WithRelinkBatch returns o with RelinkBatch set. Default
// DefaultRelinkBatch (32 documents per follow-up transaction).
func (o Options) WithRelinkBatch(n int) Options { o.RelinkBatch = n; return o }

// Store is a knowledge graph stored in badger. It is safe for concurrent
// use: reads run in parallel on snapshots, writes are serialized.
type Store struct {
	db   *badger.DB
	opts Options
	log  *slog.Logger
	reg  *registry

	wmu sync.Mutex // serializes write transactions
	// overrides is set once the store may hold a curated override (53
	// keys): before that, reading an entity skips the point read of its
	// override, which would miss. It is set before the write commits and
	// never cleared while open, so a snapshot that holds an override
	// always sees it set.
	overrides atomic.Bool
	closeMu   sync.RWMutex // held for reading by every operation
	closed    bool
	// rebuildPending is set while the store may hold a record of the
	// rebuild queue (5a): a write transaction queued one, or Open found
	// one. It is cleared when finishRebuildsLocked leaves none.
	rebuildPending atomic.Bool
	// skipRebuilds (tests only) leaves queue records for the next Open,
	// as a crash after the write's commit would.
	skipRebuilds bool
	// rebuildHook (tests only) is called with the number of documents
	// each committed follow-up transaction wrote again.
	rebuildHook func(docs int)
	// rebuildFault (tests only), when it returns an error, fails each
	// follow-up transaction with it.
	rebuildFault func() error

	gcStop chan struct{}
	gcDone chan struct{}
}

// Open opens (creating if needed) the store described by opts. When the
// directory is in use by another Store or process the error wraps
// ErrLocked.
func Open(opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if !opts.InMemory && opts.Dir == "" {
		return nil, fmt.Errorf("%w: no directory given", ErrInvalidInput)
	}
	if opts.NumMemtables <= 0 {
		opts.NumMemtables = 3
	}
	if opts.MemTableSize <= 0 {
		opts.MemTableSize = 64 << 20
	}
	bo := badger.DefaultOptions(opts.Dir).
		WithInMemory(opts.InMemory).
		WithReadOnly(opts.ReadOnly).
		WithSyncWrites(opts.SyncWrites).
		WithLogger(slogBridge{opts.Logger}).
		WithBlockCacheSize(opts.BlockCacheSize).
		WithIndexCacheSize(opts.IndexCacheSize).
		WithMemTableSize(opts.MemTableSize).
		WithNumMemtables(opts.NumMemtables).
		WithChecksumVerificationMode(options.OnBlockRead).
		WithNumVersionsToKeep(1).
		WithMetricsEnabled(false)
	if opts.ValueThreshold > 0 {
		bo = bo.WithValueThreshold(opts.ValueThreshold)
	}
	if opts.InMemory {
		bo = bo.WithDir("").WithValueDir("")
	}
	switch opts.Compression {
	case ZSTD:
		bo = bo.WithCompression(options.ZSTD).WithZSTDCompressionLevel(1)
	case Snappy:
		bo = bo.WithCompression(options.Snappy)
	default:
		bo = bo.WithCompression(options.None)
	}
	if opts.BlockCacheSize <= 0 && bo.Compression != options.None {
		bo = bo.WithBlockCacheSize(16 << 20) // badger needs one with compression
	}
	db, err := badger.Open(bo)
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("graph: open %s: %w: %w", opts.Dir, ErrLocked, err)
		}
		return nil, fmt.Errorf("graph: open %s: %w", opts.Dir, err)
	}
	s := &Store{db: db, opts: opts, log: opts.Logger, reg: newRegistry()}
	if err := s.reg.load(db); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := s.loadOverrideFlag(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if err := s.loadRebuildFlag(); err != nil {
		_ = db.Close()
		return nil, err
	}
	if s.rebuildPending.Load() {
		if opts.ReadOnly {
			s.log.Warn("graph: documents still to be written again (a curation or acronym relink); open the store writable to finish them", "dir", opts.Dir)
		} else if err := s.finishRebuildsLocked(); err != nil {
			_ = db.Close()
			return nil, fmt.Errorf("graph: open %s: %w", opts.Dir, err)
		}
	}
	if !opts.ReadOnly && !opts.InMemory && opts.GCInterval > 0 {
		s.gcStop = make(chan struct{})
		s.gcDone = make(chan struct{})
		go s.gcLoop()
	}
	return s, nil
}

// Close stops background GC, waits for running operations and closes the
// database. Closing twice returns nil; operations after Close return
// ErrClosed.
func (s *Store) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.gcStop != nil {
		close(s.gcStop)
		<-s.gcDone
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("graph: close: %w", err)
	}
	return nil
}

// View runs fn in a read-only transaction: every read in fn sees the same
// consistent snapshot. The Tx must not be used after fn returns.
func (s *Store) View(fn func(*Tx) error) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	txn := s.db.NewTransaction(false)
	defer txn.Discard()
	return fn(&Tx{s: s, txn: txn})
}

// Update runs fn in a read-write transaction and commits it when fn returns
// nil; when fn fails nothing is written. Write transactions are serialized.
// Besides the read methods, fn may call Tx.PutDocument and
// Tx.DeleteDocument.
//
// When a document written in fn changed what an acronym links to, the
// documents with bare mentions of it are written again after the commit,
// in follow-up transactions of at most Options.RelinkBatch documents (see
// doc.go, "Rebuild queue"), before Update returns; inside fn they are
// still as they were. The store's write lock is held from fn to the last
// follow-up, so no other write comes between. When a follow-up fails,
// fn's writes stay committed and the error wraps ErrRebuildPending: the
// next write (before running its fn), Open or FinishRebuilds finishes the
// work, and a write fails with that error, writing nothing, as long as it
// cannot.
func (s *Store) Update(fn func(*Tx) error) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if s.opts.ReadOnly {
		return ErrReadOnly
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	// Documents a failed follow-up left queued are written first, so that
	// fn (a curation reading the documents as they are, say) sees the
	// store exactly as its documents and curations say.
	if s.rebuildPending.Load() && !s.skipRebuilds {
		if err := s.finishRebuildsLocked(); err != nil {
			return err
		}
	}
	queued, err := s.commit(fn)
	if err != nil {
		return err
	}
	if queued {
		s.rebuildPending.Store(true)
	}
	if s.rebuildPending.Load() && !s.skipRebuilds {
		return s.finishRebuildsLocked()
	}
	return nil
}

// commit runs fn in a new write transaction and commits it; queued
// reports whether fn wrote a record of the rebuild queue. The caller
// holds wmu.
func (s *Store) commit(fn func(*Tx) error) (queued bool, err error) {
	tx := &Tx{s: s, txn: s.db.NewTransaction(true), update: true}
	defer tx.txn.Discard()
	if err := fn(tx); err != nil {
		return false, err
	}
	if err := tx.flush(); err != nil {
		return false, err
	}
	if err := tx.txn.Commit(); err != nil {
		return false, fmt.Errorf("graph: commit: %w", err)
	}
	s.reg.publish(tx.newCodes)
	return tx.queued, nil
}

// RunGC runs badger's value log garbage collection until there is nothing
// left to rewrite or ctx is done. The background loop calls it every
// GCInterval.
func (s *Store) RunGC(ctx context.Context) error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if s.opts.InMemory || s.opts.ReadOnly {
		return nil
	}
	if err := s.runGCLocked(ctx); err != nil {
		return fmt.Errorf("graph: value log gc: %w", err)
	}
	return ctx.Err()
}

func (s *Store) gcLoop() {
	defer close(s.gcDone)
	t := time.NewTicker(s.opts.GCInterval)
	defer t.Stop()
	for {
		select {
		case <-s.gcStop:
			return
		case <-t.C:
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() {
				select {
				case <-s.gcStop:
					cancel()
				case <-done:
				}
			}()
			if err := s.runGCLocked(ctx); err != nil {
				s.log.Warn("graph: value log gc failed", "err", err)
			}
			close(done)
			cancel()
		}
	}
}

// runGCLocked is RunGC without taking closeMu: Close holds it while it waits
// for the loop to stop.
func (s *Store) runGCLocked(ctx context.Context) error {
	for ctx.Err() == nil {
		err := s.db.RunValueLogGC(0.5)
		if errors.Is(err, badger.ErrNoRewrite) || errors.Is(err, badger.ErrRejected) {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Compact flattens the LSM tree so that all tables are on one level, which
// drops overwritten and deleted entries. It is slow on big stores; use it
// after bulk loads and before measuring disk use.
func (s *Store) Compact() error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	if err := s.db.Flatten(2); err != nil {
		return fmt.Errorf("graph: compact: %w", err)
	}
	return nil
}

// slogBridge adapts an slog.Logger to badger's Logger interface.
type slogBridge struct{ l *slog.Logger }

func (b slogBridge) msg(format string, args []any) string {
	return strings.TrimRight(fmt.Sprintf(format, args...), "\n")
}

func (b slogBridge) Errorf(f string, a ...any) {
	b.l.Error("badger: "+b.msg(f, a), "component", "badger")
}

// Warningf logs at Warn level, except badger's cache-tuning advice (a small
// block cache is deliberate during ingest), which goes to Debug.
func (b slogBridge) Warningf(f string, a ...any) {
	m := b.msg(f, a)
	if strings.Contains(m, "Block cache might be too small") || strings.Contains(m, "Cache life expectancy") {
		b.l.Debug("badger: "+m, "component", "badger")
		return
	}
	b.l.Warn("badger: "+m, "component", "badger")
}
func (b slogBridge) Infof(f string, a ...any) {
	b.l.Info("badger: "+b.msg(f, a), "component", "badger")
}
func (b slogBridge) Debugf(f string, a ...any) {
	b.l.Debug("badger: "+b.msg(f, a), "component", "badger")
}
