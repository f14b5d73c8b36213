package render

import (
	"strconv"
	"strings"
	"time"
)

// F returns the string for key with its {name} placeholders filled from
// pairs of name and value (strings, ints, or anything with a String method).
func (s Strings) F(key string, pairs ...any) string { return fill(s.T(key), pairs) }

// fill replaces {name} in s with the value paired with name.
func fill(s string, pairs []any) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+1 : i+j]
		found := false
		for k := 0; k+1 < len(pairs); k += 2 {
			if pairs[k] == name {
				b.WriteString(str(pairs[k+1]))
				found = true
				break
			}
		}
		if !found {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case interface{ String() string }:
		return v.String()
	}
	return ""
}

// Zoned formats t in loc with a Go layout. Zones without an abbreviation
// get a numeric one from Go ("+07"); "UTC+07" says what it is.
func Zoned(loc *time.Location, t time.Time, layout string) string {
	t = t.In(loc)
	out := t.Format(layout)
	if abbr := t.Format("MST"); abbr != "" && (abbr[0] == '+' || abbr[0] == '-') {
		out = strings.Replace(out, abbr, "UTC"+abbr, 1)
	}
	return out
}

// N returns the form of key for the count n, with {n} and the other
// placeholders filled: key_one when n is 1 and the language has that
// form, else key_other. Languages without a singular (Korean) give only
// key_other; generator.Strings does not fill their key_one from English.
func (s Strings) N(key string, n int, pairs ...any) string {
	k := key + "_other"
	if n == 1 {
		if _, ok := s[key+"_one"]; ok {
			k = key + "_one"
		}
	}
	return s.F(k, append([]any{"n", n}, pairs...)...)
}
