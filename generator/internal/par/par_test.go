package par

import (
	"sync/atomic"
	"testing"
)

// Every number is called exactly once, whatever the number of workers.
func TestEachCallsEveryNumberOnce(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {7, 1}, {7, 0}, {100, 3}, {3, 100}} {
		calls := make([]atomic.Int32, c.n)
		Each(c.n, c.workers, func(i int) { calls[i].Add(1) })
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Errorf("Each(%d, %d): %d called %d times", c.n, c.workers, i, got)
			}
		}
	}
}
