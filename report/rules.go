package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WriteRulesMarkdown documents rules in Markdown: an index table (id,
// severity, title) linking to one section per rule with its title,
// severity, tags, description, remediation and help URI, in the order
// given. The caller writes the page's title. docs/rules.md is this output
// for the built-in rules.
func WriteRulesMarkdown(w io.Writer, rules []Rule) error {
	ew := &errWriter{w: w}
	ew.printf("| id | severity | title |\n|---|---|---|\n")
	for _, r := range rules {
		ew.printf("| [%s](#%s) | %s | %s |\n", r.ID, strings.ToLower(r.ID), r.Severity, mdCell(r.Title))
	}
	for _, r := range rules {
		ew.printf("\n## %s\n\n**%s** · severity %s", r.ID, r.Title, r.Severity)
		if len(r.Tags) > 0 {
			ew.printf(" · tags: %s", strings.Join(r.Tags, ", "))
		}
		ew.printf("\n\n%s\n\n**Remediation:** %s\n", r.Description, r.Remediation)
		if r.HelpURI != "" {
			ew.printf("\n**More:** <%s>\n", r.HelpURI)
		}
	}
	return ew.err
}

// WriteRulesText documents rules for a terminal: per rule its id and
// title, severity, tags, help URI, then description and remediation
// wrapped at 80 columns.
func WriteRulesText(w io.Writer, rules []Rule) error {
	ew := &errWriter{w: w}
	for i, r := range rules {
		if i > 0 {
			ew.printf("\n")
		}
		ew.printf("%s  %s\n\n  Severity: %s\n", r.ID, r.Title, r.Severity)
		if len(r.Tags) > 0 {
			ew.printf("  Tags:     %s\n", strings.Join(r.Tags, ", "))
		}
		if r.HelpURI != "" {
			ew.printf("  Help:     %s\n", r.HelpURI)
		}
		for _, p := range strings.Split(r.Description, "\n\n") {
			ew.printf("\n%s", wrap(p, "  ", 80))
		}
		ew.printf("\n%s", wrap("Remediation: "+r.Remediation, "  ", 80))
	}
	return ew.err
}

// wrap breaks text into lines of at most width columns (a longer word
// stays whole), each starting with indent.
func wrap(text, indent string, width int) string {
	var b strings.Builder
	n := 0
	for _, word := range strings.Fields(text) {
		switch {
		case n == 0:
		case n+1+utf8.RuneCountInString(word) > width:
			b.WriteString("\n")
			n = 0
		default:
			b.WriteString(" ")
			n++
		}
		if n == 0 {
			b.WriteString(indent)
			n = utf8.RuneCountInString(indent)
		}
		b.WriteString(word)
		n += utf8.RuneCountInString(word)
	}
	b.WriteString("\n")
	return b.String()
}

// mdCell keeps text inside one Markdown table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// errWriter keeps the first write error, so that a renderer can write
// freely and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
