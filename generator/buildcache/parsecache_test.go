package buildcache_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/buildcache"
	"github.com/sitrep/sitrep/generator/publish"
)

// parsed builds s as a new process of the program stamp does, with the
// parse cache, and returns how many content files it parsed.
func (s *site) parsed(stamp string) int {
	s.t.Helper()
	pub, err := publish.Open(context.Background(), s.out(), publish.Options{Site: s.dir, Command: "build"})
	if err != nil {
		s.t.Fatal(err)
	}
	opts := buildcache.Options{Stamp: stamp}
	l := buildcache.OpenLoader(pub, opts)
	_, _, err = generator.Build(context.Background(), generator.Options{Source: s.root.FS(), Now: time.Date(2026, 11, 22, 11, 0, 0, 0, time.UTC), Loader: l}, pub)
	if err == nil {
		err = buildcache.SaveLoader(pub, l, opts)
	}
	if err := errors.Join(err, pub.Close()); err != nil {
		s.t.Fatal(err)
	}
	return l.Parsed()
}

func TestTheParseCacheIsTakenOnlyFromTheSameProgramWhole(t *testing.T) {
	s := newSite(t)
	all := s.parsed("a")
	if all == 0 {
		t.Fatal("the first build parsed nothing")
	}
	if n := s.parsed("a"); n != 0 {
		t.Errorf("the same program, nothing changed: %d parsed", n)
	}
	if n := s.parsed("b"); n != all {
		t.Errorf("another program: %d parsed, want %d", n, all)
	}
	cache := filepath.Join(filepath.Dir(s.out()), ".public.sitrep", "parse-cache")
	b, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	for _, broken := range [][]byte{b[:len(b)-1], append([]byte("x"), b[1:]...)} {
		if err := os.WriteFile(cache, broken, 0o600); err != nil {
			t.Fatal(err)
		}
		if n := s.parsed("b"); n != all {
			t.Errorf("a broken cache: %d parsed, want %d", n, all)
		}
	}
	if n := s.parsed("b"); n != 0 {
		t.Errorf("the cache rewritten: %d parsed", n)
	}
}
