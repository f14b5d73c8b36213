package content

import (
	"bytes"
	"io"

	"gopkg.in/yaml.v3"
)

// frontBatch decodes the front matter of several files as the documents
// of one YAML stream. yaml.v3 sets up a parser for every call of
// Unmarshal: buffers, a token queue, tag directives — for a front matter
// of five lines, about a third of the time and two thirds of the bytes
// it takes. One decoder reading "---\n" + front matter, for each file in
// turn, sets them up once.
//
// A document of the stream is what Unmarshal of the front matter alone
// gives, with lines counted from the document's "---": a line "---" (or
// "--- x") always starts a document, whatever is open before it. What
// could carry over from one document to the next is kept out: front
// matter with a line that starts with "%" (a directive, which would hold
// for the next document), "---" or "..." is decoded alone, as is front
// matter with line breaks other than "\n" or a byte order mark, which
// YAML treats specially at the start of a stream or a line; so is a
// document with anchors or aliases (the stream's anchors are shared) or
// with a root that is not a mapping. A stream with any error is decoded
// file by file, so that every message is Unmarshal's.
// FuzzFrontBatch checks the documents against Unmarshal.
type frontBatch struct {
	stream bytes.Buffer
	reader bytes.Reader
	in     []int // the file of each document in the stream
}

// maxBatchedFront is the size of the largest front matter a frontBatch
// takes: larger ones are decoded alone, so that the stream stays small.
const maxBatchedFront = 2 << 10

// decode returns, for each file of srcs, its front matter's YAML
// document as Unmarshal of the front matter alone gives it, or nil where
// the file is to be decoded alone. Comments may differ: they are not
// read.
func (b *frontBatch) decode(srcs [][]byte) []*yaml.Node {
	docs := make([]*yaml.Node, len(srcs))
	b.stream.Reset()
	b.in = b.in[:0]
	for i, src := range srcs {
		if src == nil {
			continue
		}
		front, _, _, err := SplitFrontMatter(src)
		if err != nil || !batchable(front) {
			continue
		}
		b.stream.WriteString("---\n")
		b.stream.Write(front)
		b.in = append(b.in, i)
	}
	if len(b.in) < 2 {
		return docs // nothing to share: decoded alone
	}
	b.reader.Reset(b.stream.Bytes())
	dec := yaml.NewDecoder(&b.reader)
	nodes := make([]yaml.Node, len(b.in))
	for k := range nodes {
		if err := dec.Decode(&nodes[k]); err != nil {
			return docs
		}
	}
	var more yaml.Node
	if err := dec.Decode(&more); err != io.EOF {
		return docs
	}
	for k, i := range b.in {
		doc := &nodes[k]
		if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		if shift(doc.Content[0], doc.Line) {
			docs[i] = doc
		}
	}
	return docs
}

// batchable reports front matter that a frontBatch may decode: small, with
// "\n" the only line break, no byte order mark, and no line that starts
// with "%", "---" or "...".
func batchable(front []byte) bool {
	if len(front) == 0 || len(front) > maxBatchedFront || bytes.IndexByte(front, '\r') >= 0 {
		return false
	}
	for _, c := range front {
		if c >= 0x80 {
			// NEL, LS and PS break lines in YAML; a BOM is skipped at
			// the start of a line or stream.
			if bytes.Contains(front, []byte("\u0085")) || bytes.Contains(front, []byte("\u2028")) ||
				bytes.Contains(front, []byte("\u2029")) || bytes.Contains(front, []byte("\uFEFF")) {
				return false
			}
			break
		}
	}
	for rest := front; len(rest) > 0; {
		var line []byte
		line, rest, _ = cutLine(rest)
		if len(line) > 0 && line[0] == '%' || bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) {
			return false
		}
	}
	return true
}

// shift makes the lines of n and the nodes below it count from the line
// after the "---" on line by, as they count in the front matter alone;
// it reports false for a tree with an anchor or an alias.
func shift(n *yaml.Node, by int) bool {
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return false
	}
	n.Line -= by
	for _, c := range n.Content {
		if !shift(c, by) {
			return false
		}
	}
	return true
}
