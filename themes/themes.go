// Package themes embeds sitrep's default theme: page layouts, static
// assets and UI strings. A site's themes/<name>/ directory overrides it
// file by file.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var files embed.FS

// Default returns the embedded default theme, rooted at its directory.
func Default() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	return sub
}
