// Package par runs independent pieces of work on a few goroutines.
package par

import (
	"sync"
	"sync/atomic"
)

// Each calls f for 0 … n-1 on at most workers goroutines, each taking the
// next number (no hand-off per call), and returns when all calls have.
// With one worker, or one call, f runs on the calling goroutine.
func Each(n, workers int, f func(i int)) {
	workers = min(n, workers)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}
