package ics

// EncodeText is one escaped and folded TEXT content line, for tests.
func EncodeText(name, value string) string {
	var w writer
	w.text(name, value)
	return w.String()
}
