package widget

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"

	"github.com/sitrep/sitrep/generator/render"
)

//go:embed embed.html
var embedSource string

// embedTmpl is parsed once: watch mode renders the page on every rebuild.
var embedTmpl = template.Must(template.New("embed").Parse(embedSource))

// EmbedItems is how many open incidents and windows the embed lists;
// the rest are "N more" on the status page, so that the documented frame
// sizes (docs/embedding.md) hold whatever happens.
const EmbedItems = 2

// embedData is what embed/index.html shows.
type embedData struct {
	snapshot
	More  string      // "and N more", when items were left out
	Clock template.JS // the times and words its script checks the reader's clock against
}

// embedPage renders embed/index.html: the status at build time, inline
// CSS, links that open outside the frame, and a small script that says
// "as of" once the reader's clock passes a moment when the status may
// have changed and "status unknown" once it is stale.
func embedPage(snap snapshot, s render.Strings) ([]byte, error) {
	clock, err := json.Marshal(map[string]any{
		"built": snap.Built, "changes": snap.Changes, "stale": snap.Stale, "lang": snap.Lang, "words": snap.Words,
	})
	if err != nil {
		return nil, err
	}
	d := embedData{snapshot: snap, Clock: template.JS(clock)}
	if n := len(snap.Items) - EmbedItems; n > 0 {
		d.Items = snap.Items[:EmbedItems]
		d.More = s.N("embed.more", n)
	}
	var buf bytes.Buffer
	// json.Marshal escapes <, > and &: the object cannot end the script.
	if err := embedTmpl.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
