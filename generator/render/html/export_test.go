package html

// ExecutedBy has every template executed by html/template itself (when
// htmlTemplate is set) or through tmplrun, and calls stats after each
// site is rendered with how many executions tmplrun did itself and how
// many it handed back to html/template. It returns a function that
// restores the defaults.
func ExecutedBy(htmlTemplate bool, stats func(fast, declined int64)) (restore func()) {
	htmlTemplateOnly = htmlTemplate
	rendered = func(s *site) {
		var fast, declined int64
		for _, set := range s.sets {
			f, d := set.Stats()
			fast, declined = fast+f, declined+d
		}
		if stats != nil {
			stats(fast, declined)
		}
	}
	return func() { htmlTemplateOnly, rendered = false, nil }
}
