package content

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unique"

	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

// fileDecoder reads one YAML document of one file and collects problems
// at the file's own line numbers.
type fileDecoder struct {
	file  string
	shift int // file line = YAML line + shift
	loc   *time.Location
	probs status.Problems
}

func (d *fileDecoder) errf(yamlLine int, format string, args ...any) {
	line := 0
	if yamlLine > 0 {
		line = yamlLine + d.shift
	}
	d.probs = append(d.probs, &status.Problem{Pos: status.Pos{File: d.file, Line: line}, Msg: fmt.Sprintf(format, args...)})
}

var yamlLineRe = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)`)

// parse reads src into a mapping node. Anchors and aliases are refused:
// content never needs them, and refusing them rules out alias bombs.
func (d *fileDecoder) parse(src []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		// A tab in the indentation is the usual cause of YAML's "found
		// character that cannot start any token", which names neither.
		if n := tabIndented(src); n > 0 {
			d.errf(n, "this line is indented with a tab; YAML indents with spaces only")
			return nil
		}
		msg := err.Error()
		if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			d.errf(n, "YAML: %s", m[2])
		} else {
			d.errf(1, "YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		}
		return nil
	}
	return d.root(&doc)
}

// root returns the mapping node at the root of a YAML document as parse
// does, or nil.
func (d *fileDecoder) root(doc *yaml.Node) *yaml.Node {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	root := doc.Content[0]
	if !d.plain(root, 0) {
		return nil
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode}
	}
	if root.Kind != yaml.MappingNode {
		d.errf(root.Line, "expected keys such as \"title: …\", found %s", kindName(root))
		return nil
	}
	return root
}

// tabIndented returns the first line (1-based) whose indentation holds a
// tab, or 0.
func tabIndented(src []byte) int {
	for i, line := range strings.Split(string(src), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") && strings.TrimSpace(line) != "" {
			return i + 1
		}
	}
	return 0
}

// plain rejects anchors, aliases and absurd nesting anywhere below n.
func (d *fileDecoder) plain(n *yaml.Node, depth int) bool {
	switch {
	case n.Kind == yaml.AliasNode || n.Anchor != "":
		d.errf(n.Line, "YAML anchors and aliases (&name, *name) are not supported; write the value out")
		return false
	case depth > 8:
		d.errf(n.Line, "YAML is nested too deeply")
		return false
	}
	if i := strings.IndexFunc(n.Value, isForbiddenControl); i >= 0 {
		d.errf(n.Line, "%s", controlMsg(rune(n.Value[i])))
		return false
	}
	for _, c := range n.Content {
		if !d.plain(c, depth+1) {
			return false
		}
	}
	return true
}

// fields calls fn for each key of mapping m; unknown and repeated keys are
// reported with the nearest known key as a hint.
func (d *fileDecoder) fields(m *yaml.Node, known []string, fn func(key string, v *yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errf(k.Line, "keys must be plain words")
		case !slices.Contains(known, key):
			hint := ""
			if c := status.Closest(key, known); c != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", c)
			} else {
				hint = fmt.Sprintf(" (known keys: %s)", strings.Join(known, ", "))
			}
			d.errf(k.Line, "unknown key %q%s", key, hint)
		case seen[key]:
			d.errf(k.Line, "key %q is given twice", key)
		default:
			seen[key] = true
			fn(key, v)
		}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *fileDecoder) scalar(key string, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		d.errf(v.Line, "%s must be a single value, not %s", key, kindName(v))
		return "", false
	}
	return v.Value, true
}

// str reads a single-line text, such as a title: a line break in it
// would end the line of every page, feed and message that shows it.
func (d *fileDecoder) str(key string, v *yaml.Node) string {
	s := d.text(key, v)
	if strings.ContainsAny(s, "\r\n") {
		d.errf(v.Line, "%s must be a single line; remove the line break", key)
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// text reads a text that may run over several lines, such as a
// description.
func (d *fileDecoder) text(key string, v *yaml.Node) string {
	s, _ := d.scalar(key, v)
	if v.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(s)
}

// isForbiddenControl reports whether r is a control character that no
// output may carry: C0 other than tab, line feed and carriage return, and
// DEL. HTML forbids them, XML 1.0 cannot hold most of them, and they
// garble terminals. One rule holds for every file: content, YAML values
// (whose escapes such as "\a" can write them) and theme strings.
func isForbiddenControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f
}

func controlMsg(r rune) string {
	return fmt.Sprintf("control character U+%04X is not allowed in content; remove it", r)
}

func (d *fileDecoder) integer(key string, v *yaml.Node) int {
	s, ok := d.scalar(key, v)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		d.errf(v.Line, "%s must be a whole number, not %q", key, s)
	}
	return n
}

func (d *fileDecoder) number(key string, v *yaml.Node) float64 {
	s, ok := d.scalar(key, v)
	if !ok {
		return 0
	}
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil {
		d.errf(v.Line, "%s must be a number, not %q", key, s)
	}
	return f
}

func (d *fileDecoder) boolean(key string, v *yaml.Node) bool {
	s, ok := d.scalar(key, v)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	d.errf(v.Line, "%s must be true or false, not %q", key, s)
	return false
}

func (d *fileDecoder) time(key string, v *yaml.Node) time.Time {
	s, ok := d.scalar(key, v)
	if !ok {
		return time.Time{}
	}
	t, err := ParseTime(s, d.loc)
	if err != nil {
		d.errf(v.Line, "%s: %v", key, err)
	}
	return t
}

func (d *fileDecoder) date(key string, v *yaml.Node) time.Time {
	s, ok := d.scalar(key, v)
	if !ok {
		return time.Time{}
	}
	t, err := parseDate(s, d.loc)
	if err != nil {
		d.errf(v.Line, "%s: %v", key, err)
	}
	return t
}

// list reads a list of scalars; a single scalar is a list of one.
func (d *fileDecoder) list(key string, v *yaml.Node, fn func(s string, line int)) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag != "!!null" {
			fn(strings.TrimSpace(v.Value), v.Line)
		}
	case yaml.SequenceNode:
		for _, it := range v.Content {
			if s, ok := d.scalar(key+" item", it); ok {
				fn(strings.TrimSpace(s), it.Line)
			}
		}
	default:
		d.errf(v.Line, "%s must be a list", key)
	}
}

// affected reads "components:" of an incident, maintenance window or
// template: a mapping of component id to status. A list of ids means
// listStatus for each where one is given (maintenance). With history (an
// incident), a status may also be a list of the statuses the component
// went through (see componentHistory).
// The ids are interned: a large site names a few components tens of
// thousands of times, and every build looks each one up, which is cheap
// when equal ids share their bytes.
func (d *fileDecoder) affected(key string, v *yaml.Node, listStatus status.ComponentStatus, history bool) []status.Affected {
	var out []status.Affected
	switch {
	case v.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, sv := v.Content[i], v.Content[i+1]
			a := status.Affected{ID: unique.Make(k.Value).Value(), Line: k.Line + d.shift}
			ok := false
			if history && sv.Kind == yaml.SequenceNode {
				ok = d.componentHistory(k.Value, sv, &a)
			} else {
				a.Status, ok = d.componentStatus(k.Value, sv)
			}
			if ok {
				if out == nil { // none is nil, as before any was read
					out = make([]status.Affected, 0, len(v.Content)/2)
				}
				out = append(out, a)
			}
		}
	case listStatus >= 0:
		d.list(key, v, func(s string, line int) {
			out = append(out, status.Affected{ID: unique.Make(s).Value(), Status: listStatus, Line: line + d.shift})
		})
	case v.Tag == "!!null":
	default:
		d.errf(v.Line, "%s must map component ids to statuses, e.g. \"api: partial_outage\"", key)
	}
	return out
}

// componentStatus reads one status name.
func (d *fileDecoder) componentStatus(id string, v *yaml.Node) (status.ComponentStatus, bool) {
	st, ok := d.scalar(id, v)
	if !ok {
		return 0, false
	}
	cs, ok := status.ParseComponentStatus(strings.TrimSpace(st))
	if !ok {
		d.errf(v.Line, "unknown status %q for component %q%s", st, id, statusHint(st))
	}
	return cs, ok
}

// componentHistory reads the statuses a component went through during an
// incident, oldest first: "[major_outage, partial_outage from 2026-11-21
// 15:10, operational from 2026-11-21 16:05]". The first holds from the
// incident's start; when it has a time of its own, the component was
// operational until then. Whether the times are in order and within the
// incident is Validate's to check: the start may be written further down.
func (d *fileDecoder) componentHistory(id string, v *yaml.Node, a *status.Affected) bool {
	if len(v.Content) == 0 {
		d.errf(v.Line, "component %q: give its status, e.g. \"%s: partial_outage\"", id, id)
		return false
	}
	ok := true
	for i, it := range v.Content {
		s, isScalar := d.scalar(id+" status", it)
		if !isScalar {
			ok = false
			continue
		}
		word, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
		cs, known := status.ParseComponentStatus(word)
		if !known {
			d.errf(it.Line, "unknown status %q for component %q%s", word, id, statusHint(word))
			ok = false
			continue
		}
		rest = strings.TrimSpace(rest)
		when, hasFrom := strings.CutPrefix(rest, "from")
		hasFrom = hasFrom && (when == "" || when[0] == ' ')
		switch {
		case rest == "" && i == 0:
			a.Status = cs
			continue
		case rest == "" || hasFrom && strings.TrimSpace(when) == "":
			d.errf(it.Line, "component %q: %s needs the time it began, e.g. \"%s from 2026-11-21 15:10\"", id, word, word)
			ok = false
			continue
		case !hasFrom:
			d.errf(it.Line, "component %q: write \"%s from %s\" (a status, \"from\" and the time it began)", id, word, rest)
			ok = false
			continue
		}
		at, err := ParseTime(when, d.loc)
		if err != nil {
			d.errf(it.Line, "component %q: %v", id, err)
			ok = false
			continue
		}
		a.Changes = append(a.Changes, status.StatusChange{At: at, Status: cs, Line: it.Line + d.shift})
	}
	return ok
}

func statusHint(got string) string {
	names := make([]string, 0, 5)
	for _, s := range status.ComponentStatuses() {
		names = append(names, s.String())
	}
	if c := status.Closest(got, names); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return " (one of " + strings.Join(names, ", ") + ")"
}
