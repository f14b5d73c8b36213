package badge

import (
	"math"
	"unicode"
)

// textWidth estimates how wide s renders in 11px Verdana, the badge font,
// without any font file: printable ASCII from Verdana's advance widths
// (the table shields.io measures with), wide East Asian characters as one
// em, combining marks as nothing, anything else as an average letter.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += charWidth(r)
	}
	return w
}

// ascii holds the advance widths of Verdana 11px, U+0020 … U+007E.
var ascii = [0x7f - ' ']float64{
	3.87, 4.33, 5.05, 9.00, 6.99, 11.84, 7.99, 2.95, 5.00, 5.00, 6.99, 9.00, 4.00, 5.00, 4.00, 5.00, // space … /
	6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, 6.99, // 0 … 9
	5.00, 5.00, 9.00, 9.00, 9.00, 6.00, 11.00, // : … @
	7.52, 7.54, 7.68, 8.48, 6.96, 6.32, 8.53, 8.27, 4.63, 5.00, 7.62, 6.12, 9.27, // A … M
	8.23, 8.66, 6.63, 8.66, 7.65, 7.52, 6.78, 8.05, 7.52, 10.88, 7.54, 6.77, 7.54, // N … Z
	5.00, 5.00, 5.00, 9.00, 6.99, 6.99, // [ … `
	6.61, 6.85, 5.73, 6.85, 6.55, 3.87, 6.85, 6.96, 3.02, 3.79, 6.51, 3.02, 10.70, // a … m
	6.96, 6.68, 6.85, 6.85, 4.69, 5.73, 4.33, 6.96, 6.51, 9.00, 6.51, 6.51, 5.78, // n … z
	6.98, 5.00, 6.98, 9.00, // { … ~
}

// charWidth is the advance width of r in 11px Verdana, in pixels.
func charWidth(r rune) float64 {
	switch {
	case r >= ' ' && r <= '~':
		return ascii[r-' ']
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	case wide(r):
		return 11
	}
	return 7
}

// wide reports characters that take a full em: Hangul, CJK ideographs and
// kana, full-width forms.
func wide(r rune) bool {
	return unicode.In(r, unicode.Hangul, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6
}

// preferred is the width given to a text: its estimate rounded up to an
// odd number of pixels, so that the middle falls on a pixel (as shields.io
// does).
func preferred(s string) int {
	w := int(math.Ceil(textWidth(s)))
	if w%2 == 0 {
		w++
	}
	return w
}
