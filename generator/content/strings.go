package content

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

// ReadStrings reads a theme's UI strings: a YAML file of "key: text" lines
// (i18n/en.yaml). file names it in problems.
func ReadStrings(file string, src []byte) (map[string]string, status.Problems) {
	d := &fileDecoder{file: file, loc: time.UTC}
	m := d.parse(src)
	if m == nil {
		return nil, d.probs
	}
	out := make(map[string]string, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if v.Kind != yaml.ScalarNode {
			d.errf(v.Line, "%s must be a text", k.Value)
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.errf(k.Line, "key %q is given twice", k.Value)
		}
		out[k.Value] = v.Value
	}
	return out, d.probs
}
