package main

import "sync"

// orderedMap applies work to the items next yields, on workers goroutines,
// and passes the results to emit in input order. At most 4×workers items are
// in flight, so memory stays bounded however long the input. It returns the
// first error of next or emit.
func orderedMap[T, R any](workers int, next func() (T, bool, error), work func(T) R, emit func(R) error) error {
	workers = max(workers, 1)
	type job struct {
		seq  int
		item T
	}
	type result struct {
		seq int
		r   R
	}
	jobs := make(chan job, workers)
	results := make(chan result, workers)
	slots := make(chan struct{}, 4*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.seq, work(j.item)}
			}
		}()
	}
	var readErr error
	go func() {
		defer close(jobs)
		for seq := 0; ; seq++ {
			item, ok, err := next()
			if err != nil {
				readErr = err
				return
			}
			if !ok {
				return
			}
			select {
			case slots <- struct{}{}:
			case <-stop:
				return
			}
			jobs <- job{seq, item}
		}
	}()
	go func() { wg.Wait(); close(results) }()
	pending := map[int]R{}
	seq := 0
	var werr error
	for r := range results {
		pending[r.seq] = r.r
		for v, ok := pending[seq]; ok; v, ok = pending[seq] {
			delete(pending, seq)
			if werr == nil {
				if werr = emit(v); werr != nil {
					close(stop)
				}
			}
			seq++
			<-slots
		}
	}
	if werr != nil {
		return werr
	}
	return readErr
}
