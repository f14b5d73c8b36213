package content

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

// batchSeeds are files whose front matter tries what could make a
// document of a frontBatch stream differ from the front matter decoded
// alone.
var batchSeeds = []string{
	"---\ntitle: X\nseverity: P1\ncomponents:\n  api: major_outage\nstarted: 2026-11-21 14:32\n---\n## Resolved — 2026-11-21 16:45\nok\n",
	"---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 04:00\n---\nbody\n",
	"---\ntitle: |+\n  kept\n\n\n---\n",
	"---\ntitle: >\n  folded\n  text\n---\n",
	"---\ntitle: a\n  b\n---\n",
	"---\n# only a comment\n---\n",
	"---\n---\n",
	"---\ntitle: 'open\n---\n",
	"---\ntitle: [1,\n---\n",
	"---\ntitle: x\n...\n%TAG ! tag:example.com,2000:\n---\n",
	"---\ntitle: !x y\n---\n",
	"---\ntitle: x\n--- y\n---\n",
	"---\ntitle: x\n...\n---\n",
	"---\ntitle: &a x\n---\n",
	"---\ntitle: *a\n---\n",
	"---\n\ttitle: x\n---\n",
	"---\n\uFEFFtitle: x\nseverity: P1\n---\n",
	"---\r\ntitle: x\r\nseverity: P1\r\n---\r\n",
	"---\ntitle: x\rseverity: P1\n---\n",
	"---\ntitle: x\u2028severity: P1\n---\n",
	"---\ntitle: \"x\n  y\"\nseverity: P1\n---\n",
	"---\nkey: [a, {b: c}]\ntitle: x\n---\n",
	"---\n- a\n- b\n---\n",
	"---\ntitle: x\nbogus: 1\ntitle: y\n---\n",
	"no front matter\n",
	"---\ntitle: unclosed\n",
}

// FuzzFrontBatch checks a frontBatch against decoding each file alone:
// every document it gives is the one yaml.Unmarshal gives (comments
// aside), and every file decodes to the same document and problems.
func FuzzFrontBatch(f *testing.F) {
	for i, s := range batchSeeds {
		f.Add([]byte(s), []byte(batchSeeds[(i+1)%len(batchSeeds)]), []byte(batchSeeds[0]))
	}
	cfg, _ := decodeSite("content/site.yaml", []byte(siteYAML))
	md := newMarkdown(false)
	var b frontBatch
	f.Fuzz(func(t *testing.T, x, y, z []byte) {
		srcs := [][]byte{x, nil, y, z}
		docs := b.decode(srcs)
		for i, src := range srcs {
			if src == nil {
				if docs[i] != nil {
					t.Fatalf("file %d was not given, but has a document", i)
				}
				continue
			}
			if docs[i] != nil {
				front, _, _, _ := SplitFrontMatter(src)
				var alone yaml.Node
				if err := yaml.Unmarshal(front, &alone); err != nil {
					t.Fatalf("%q: batched, but alone: %v", front, err)
				}
				if d := nodeDiff(docs[i].Content[0], alone.Content[0]); d != "" {
					t.Fatalf("%q: batched document differs: %s", front, d)
				}
			}
			for _, kind := range []string{"components", "incidents", "maintenance", "templates"} {
				j := &job{e: &entry{file: "content/" + kind + "/x.md"}, kind: kind, slug: "x", info: fileInfo(t, src)}
				var sum [32]byte
				batched := decode(j, src, sum, docs[i], &cfg, md)
				alone := decode(j, src, sum, nil, &cfg, md)
				if !reflect.DeepEqual(batched, alone) {
					t.Fatalf("%q as %s: batched %s, alone %s", src, kind, show(batched), show(alone))
				}
			}
		}
	})
}

// fileInfo is the info of a file of src.
func fileInfo(t *testing.T, src []byte) fs.FileInfo {
	t.Helper()
	fi, err := fs.Stat(fstest.MapFS{"x": {Data: src}}, "x")
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func show(c cached) string {
	return fmt.Sprintf("%+v %v", c.doc, c.probs)
}

// nodeDiff describes how two YAML trees differ, comments aside, or is "".
func nodeDiff(a, b *yaml.Node) string {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%+v and %+v", *a, *b)
	}
	for i := range a.Content {
		if d := nodeDiff(a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

func TestFrontBatch(t *testing.T) {
	plain := batchSeeds[0]
	tests := []struct {
		name    string
		file    string
		batched bool
	}{
		{"front matter of plain keys is batched", batchSeeds[1], true},
		{"a kept block scalar at the end is batched", batchSeeds[2], true},
		{"a root that is not a mapping is decoded alone", "---\n- a\n---\n", false},
		{"an anchor is decoded alone", "---\ntitle: &a x\n---\n", false},
		{"a directive, which would hold for the next document, is decoded alone", "---\ntitle: x\n...\n%TAG ! tag:example.com,2000:\n---\n", false},
		{"a line starting with --- is decoded alone", "---\ntitle: x\n--- y\n---\n", false},
		{"a carriage return is decoded alone", "---\r\ntitle: x\r\n---\r\n", false},
		{"a line separator is decoded alone", "---\ntitle: x\u2028a: b\n---\n", false},
		{"a byte order mark is decoded alone", "---\n\uFEFFtitle: x\n---\n", false},
		{"large front matter is decoded alone", "---\ntitle: " + strings.Repeat("x", maxBatchedFront) + "\n---\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b frontBatch
			docs := b.decode([][]byte{[]byte(plain), []byte(tt.file), []byte(plain)})
			if docs[0] == nil || docs[2] == nil {
				t.Fatalf("plain front matter beside it was decoded alone")
			}
			if got := docs[1] != nil; got != tt.batched {
				t.Fatalf("batched: %t, want %t", got, tt.batched)
			}
		})
	}
	t.Run("an alias to an anchor of an earlier document is decoded alone", func(t *testing.T) {
		var b frontBatch
		docs := b.decode([][]byte{[]byte(plain), []byte("---\ntitle: &a x\n---\n"), []byte("---\ntitle: *a\n---\n"), []byte(plain)})
		if docs[0] == nil || docs[1] != nil || docs[2] != nil || docs[3] == nil {
			t.Fatalf("batched: %t %t %t %t, want true false false true", docs[0] != nil, docs[1] != nil, docs[2] != nil, docs[3] != nil)
		}
	})
	t.Run("a stream with an error is decoded file by file", func(t *testing.T) {
		var b frontBatch
		for _, d := range b.decode([][]byte{[]byte(plain), []byte("---\ntitle: [1,\n---\n"), []byte(plain)}) {
			if d != nil {
				t.Fatal("a document of a stream with an error was used")
			}
		}
	})
}

// TestLoadBatchedAsAlone loads a site large enough for the front matter
// of its incidents to be decoded in batches, with the seeds among them
// and files large enough for a run to be decoded in parts, and checks
// each incident against decoding its file alone.
func TestLoadBatchedAsAlone(t *testing.T) {
	files := map[string]string{}
	large := batchSeeds[0] + strings.Repeat("More of the update, [a link](https://example.com/) and `code`.\n\n", 2000)
	for i := range 200 {
		src := batchSeeds[i%len(batchSeeds)]
		if i%10 == 3 {
			src = large // 130 KB: two or three in a run
		}
		files[fmt.Sprintf("content/incidents/i%03d.md", i)] = src
	}
	fsys := site(files)
	s, probs := Load(fsys)
	cfg, _ := decodeSite("content/site.yaml", []byte(siteYAML))
	md := newMarkdown(false)
	byFile := map[string]*status.Incident{}
	for _, in := range s.Incidents {
		byFile[in.Pos.File] = in
	}
	for i := range 200 {
		file := fmt.Sprintf("content/incidents/i%03d.md", i)
		src := []byte(files[file])
		in, ps := decodeIncident(file, fmt.Sprintf("i%03d", i), src, nil, &cfg, md)
		doc, ps := nilIfError(in, ps)
		if doc != nil {
			in.Digest = Digest(src)
			if !reflect.DeepEqual(byFile[file], in) {
				t.Errorf("%s: loaded %+v, alone %+v", file, byFile[file], in)
			}
		} else if byFile[file] != nil {
			t.Errorf("%s: loaded, but alone it has errors: %v", file, ps)
		}
		for _, p := range ps {
			if !slicesContainsProblem(probs, p) {
				t.Errorf("%s: alone it has %v, which the load does not", file, p)
			}
		}
	}
}

func slicesContainsProblem(ps status.Problems, p *status.Problem) bool {
	for _, q := range ps {
		if reflect.DeepEqual(q, p) {
			return true
		}
	}
	return false
}

// TestRunHoldsBoundedBytes checks that a worker decodes a run of large
// files in parts, instead of holding all their bytes at once.
func TestRunHoldsBoundedBytes(t *testing.T) {
	large := []byte(batchSeeds[0] + strings.Repeat("More of the update.\n\n", 6000)) // 126 KB
	fsys := fstest.MapFS{}
	var jobs []job
	for i := range maxRun {
		file := fmt.Sprintf("content/incidents/i%02d.md", i)
		fsys[file] = &fstest.MapFile{Data: large}
		jobs = append(jobs, job{e: &entry{file: file}, kind: "incidents", slug: fmt.Sprintf("i%02d", i), info: fileInfo(t, large)})
	}
	cfg, _ := decodeSite("content/site.yaml", []byte(siteYAML))
	var p runParser
	if _, parsed := p.parse(fsys, jobs, &cfg, newMarkdown(false)); parsed != maxRun {
		t.Fatalf("parsed %d files of %d", parsed, maxRun)
	}
	if held := cap(p.srcs) * len(large); held > 2*maxRunBytes {
		t.Fatalf("held up to %d files of %d bytes at once", cap(p.srcs), len(large))
	}
	for _, j := range jobs {
		if in, ok := j.e.c.doc.(*status.Incident); !ok || len(in.Updates) != 1 {
			t.Fatalf("%s: %v %v", j.e.file, j.e.c.doc, j.e.c.probs)
		}
	}
}
