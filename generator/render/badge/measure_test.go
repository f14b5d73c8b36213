package badge

import "testing"

func TestEveryPrintableASCIICharacterHasAVerdanaWidth(t *testing.T) {
	for r := rune(' '); r <= '~'; r++ {
		if w := charWidth(r); w < 2.9 || w > 12 {
			t.Errorf("%q is %.2f px wide", r, w)
		}
	}
}

func TestCharacterWidths(t *testing.T) {
	tests := []struct {
		name string
		r    rune
		want float64
	}{
		{"a space is Verdana's", ' ', 3.87},
		{"an m is the widest lowercase letter", 'm', 10.70},
		{"a W is the widest capital", 'W', 10.88},
		{"the last table entry is the tilde", '~', 9.00},
		{"a z sits just before the braces", 'z', 5.78},
		{"a Hangul syllable takes an em", '가', 11},
		{"a CJK ideograph takes an em", '状', 11},
		{"a combining accent takes nothing", '\u0301', 0},
		{"other letters take an average width", 'é', 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := charWidth(tt.r); got != tt.want {
				t.Errorf("charWidth(%q) = %.2f, want %.2f", tt.r, got, tt.want)
			}
		})
	}
}

func TestPreferredWidthsAreOdd(t *testing.T) {
	for _, s := range []string{"", "a", "status", "operational", "부분 장애"} {
		if w := preferred(s); w%2 != 1 || float64(w) < textWidth(s) {
			t.Errorf("preferred(%q) = %d for a text %.2f px wide", s, w, textWidth(s))
		}
	}
}
