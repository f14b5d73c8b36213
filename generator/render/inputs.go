package render

import (
	"io/fs"
	"time"
)

// inputsVersion changes when what inputs sums up changes.
const inputsVersion = "sitrep build inputs 1"

// inputs sums up what every output of the build may depend on and no
// output's own key covers, because it cannot change within one process
// but can between two: the program (stamp, see buildcache.Stamp), every
// file of the theme (the site's over the default), the site's address
// and the rules of its time zone as they apply to the times a page may
// show. A theme file that cannot be read makes ok false: nothing is then
// reused.
func (c *Context) inputs(stamp string) (sum Sum, ok bool) {
	k := &Key{on: true}
	k.Str(inputsVersion).Str(stamp).Str(c.URLs.Base())
	ok = true
	err := fs.WalkDir(c.Theme, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		b, err := fs.ReadFile(c.Theme, p)
		if err != nil {
			return err
		}
		k.Str(p).Str(string(b))
		return nil
	})
	if err != nil {
		ok = false
	}
	zoneKey(k, c.Model.Loc, c.Model.Now)
	return k.sum(), ok
}

// zoneKey adds the offsets and abbreviations loc gives from 1970 to 30
// years after now, with the second each changes: the time zone database
// (the system's, or the one built in) may differ between two processes.
// The zone is looked at every week, and each change found is placed to
// the second by bisection; a change undone within the same week is not
// seen (no zone has one: the shortest, Morocco's suspension of summer
// time for Ramadan, lasts about a month).
func zoneKey(k *Key, loc *time.Location, now time.Time) {
	if loc == nil {
		loc = time.UTC
	}
	k.Str(loc.String())
	zone := func(s int64) (string, int) { return time.Unix(s, 0).In(loc).Zone() }
	const week = 7 * 24 * 3600
	end := now.Unix() + 30*365*24*3600
	name, off := zone(0)
	k.Str(name).Int(int64(off))
	for s := int64(0); s < end; s += week {
		n, o := zone(s + week)
		if n == name && o == off {
			continue
		}
		lo, hi := s, s+week // the change is after lo, at or before hi
		for hi-lo > 1 {
			mid := lo + (hi-lo)/2
			if mn, mo := zone(mid); mn == name && mo == off {
				lo = mid
			} else {
				hi = mid
			}
		}
		name, off = zone(hi)
		k.Int(hi).Str(name).Int(int64(off))
		s = hi - week // look on from the change
	}
}
