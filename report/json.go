package report

import (
	"encoding/json"
	"io"
	"slices"
)

// JSON writes the report document described in docs/report.md: the Report
// as JSON indented by two spaces, with a final newline. Lists are written
// as [] when empty, never null, so consumers need no null checks.
type JSON struct{}

// Write renders r to w.
func (JSON) Write(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Messages quote unit names and paths; keep <, > and & readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(normalized(r))
}

// normalized returns a shallow copy of r whose lists and maps are non-nil.
// A report without a summary gets one counted from its findings.
func normalized(r *Report) *Report {
	c := *r
	c.Node.Roles = nonNil(c.Node.Roles)
	c.Findings = nonNil(c.Findings)
	c.Provenance.Inputs = nonNil(c.Provenance.Inputs)
	c.Rules = slices.Clone(nonNil(c.Rules))
	for i := range c.Rules {
		c.Rules[i].Tags = nonNil(c.Rules[i].Tags)
	}
	if c.Summary.BySeverity == nil {
		c.Summary = Summarize(c.Findings)
	}
	return &c
}

func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}
