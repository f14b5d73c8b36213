package tmplrun

import (
	"bytes"
	"html/template"
	"reflect"
	"strconv"
	"strings"
)

// The escapers below are html/template's, the ones it appends to actions
// (named _html_template_*): what each does to each type of content is
// html/template's documented behaviour, and FuzzEscapers holds them to it
// through html/template itself. A case html/template handles and these do
// not (HTML content in an attribute, which it strips of tags) declines.

// content is the type of content a value carries (html/template's
// contentType): text, or one of the types that mark content as safe.
type content uint8

const (
	plain content = iota
	safeHTML
	safeURL
	safeOther // CSS, HTMLAttr, JS, JSStr, Srcset: plain text to the escapers here
)

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	urlType    = reflect.TypeFor[template.URL]()
	safeTypes  = map[reflect.Type]content{
		reflect.TypeFor[template.CSS]():      safeOther,
		reflect.TypeFor[template.HTMLAttr](): safeOther,
		reflect.TypeFor[template.JS]():       safeOther,
		reflect.TypeFor[template.JSStr]():    safeOther,
		reflect.TypeFor[template.Srcset]():   safeOther,
	}
)

// escaper is one of html/template's escapers.
type escaper uint8

const (
	escHTML       escaper = iota // _html_template_htmlescaper: element text
	escAttr                      // _html_template_attrescaper: a quoted attribute value
	escRCDATA                    // _html_template_rcdataescaper: <title>, <textarea>
	escURLFilter                 // _html_template_urlfilter: refuses unsafe schemes
	escURLNorm                   // _html_template_urlnormalizer: a URL in an attribute
	escURLEscaper                // _html_template_urlescaper: a part of a URL's query or fragment
)

var escapers = map[string]escaper{
	"_html_template_htmlescaper":   escHTML,
	"_html_template_attrescaper":   escAttr,
	"_html_template_rcdataescaper": escRCDATA,
	"_html_template_urlfilter":     escURLFilter,
	"_html_template_urlnormalizer": escURLNorm,
	"_html_template_urlescaper":    escURLEscaper,
}

// stringify is the text an escaper makes of the value an action
// produced, and its type of content; it declines values whose text
// html/template would take from a method (String, Error, Format) or from
// fmt's formatting of other kinds.
func stringify(v reflect.Value) (string, content) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "", plain // html/template skips a nil argument
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", plain
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		switch t {
		case stringType:
			return v.String(), plain
		case htmlType:
			return v.String(), safeHTML
		case urlType:
			return v.String(), safeURL
		}
		if c, ok := safeTypes[t]; ok {
			return v.String(), c
		}
		if t.NumMethod() == 0 {
			return v.String(), plain
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t.NumMethod() == 0 {
			return strconv.FormatInt(v.Int(), 10), plain
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if t.NumMethod() == 0 {
			return strconv.FormatUint(v.Uint(), 10), plain
		}
	case reflect.Bool:
		if t.NumMethod() == 0 {
			return strconv.FormatBool(v.Bool()), plain
		}
	}
	decline()
	return "", plain
}

// apply runs e on s, of content c: the text it returns is plain. Text
// the escaper leaves as it is (most of it) is returned without a copy.
func (e escaper) apply(s string, c content) string {
	if e.write(nil, s, c) {
		return s
	}
	if e == escURLFilter {
		return filterFailsafe
	}
	var b strings.Builder
	e.write(&b, s, c)
	return b.String()
}

// filterFailsafe is what html/template's urlfilter puts in place of a URL
// whose scheme is not safe.
const filterFailsafe = "#ZgotmplZ"

// writer is what escapers write to: a strings.Builder or bytes.Buffer.
type writer interface {
	WriteString(string) (int, error)
	WriteByte(byte) error
}

var _ writer = (*bytes.Buffer)(nil)

// write writes e's output for s, of content c, to w. With w nil it
// writes nothing and reports whether the output would be s itself.
func (e escaper) write(w writer, s string, c content) (same bool) {
	switch e {
	case escHTML:
		if c == safeHTML {
			if w != nil {
				w.WriteString(s)
			}
			return true
		}
		return replace(w, s, true)
	case escAttr:
		if c == safeHTML {
			decline() // html/template strips the tags first
		}
		return replace(w, s, true)
	case escRCDATA:
		return replace(w, s, c != safeHTML)
	case escURLFilter:
		same = c == safeURL || safeScheme(s)
		if !same {
			s = filterFailsafe
		}
		if w != nil {
			w.WriteString(s)
		}
		return same
	case escURLNorm:
		return percentEncode(w, s, true)
	case escURLEscaper:
		return percentEncode(w, s, c == safeURL)
	}
	panic("unknown escaper")
}

// replace writes s with the characters that are special in HTML text and
// quoted attributes replaced by references, as html/template does (NUL
// becomes U+FFFD, and + is escaped too); amp says whether & is one (not
// when s is HTML already, whose references stay). With w nil it writes
// nothing and reports whether s would be written as it is.
func replace(w writer, s string, amp bool) (same bool) {
	done := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			if !amp {
				continue
			}
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		if w == nil {
			return false
		}
		w.WriteString(s[done:i])
		w.WriteString(r)
		done = i + 1
	}
	if w != nil {
		w.WriteString(s[done:])
	}
	return done == 0
}

// safeScheme reports whether s is a relative URL or one with the scheme
// http, https or mailto: html/template replaces any other by #ZgotmplZ.
func safeScheme(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// percentEncode writes s with every byte percent-encoded except RFC 3986's
// unreserved characters and, when normalizing a whole URL (norm), its
// reserved ones other than ' ( ) and an existing %XX escape. With w nil
// it writes nothing and reports whether s would be written as it is.
func percentEncode(w writer, s string, norm bool) (same bool) {
	const hex = "0123456789abcdef"
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			continue
		case norm && strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case norm && c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		if w == nil {
			return false
		}
		w.WriteString(s[done:i])
		w.WriteByte('%')
		w.WriteByte(hex[c>>4])
		w.WriteByte(hex[c&15])
		done = i + 1
	}
	if w != nil {
		w.WriteString(s[done:])
	}
	return done == 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
