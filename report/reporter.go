package report

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// A Reporter renders a report in one format.
type Reporter interface {
	Write(w io.Writer, r *Report) error
}

var reporters = map[string]func() Reporter{
	"table":      func() Reporter { return Table{} },
	"json":       func() Reporter { return JSON{} },
	"sarif":      func() Reporter { return SARIF{} },
	"junit":      func() Reporter { return JUnit{} },
	"github":     func() Reporter { return GitHub{} },
	"markdown":   func() Reporter { return Markdown{} },
	"html":       func() Reporter { return HTML{} },
	"prometheus": func() Reporter { return Prometheus{} },
}

// New returns the reporter of a format name.
func New(format string) (Reporter, error) {
	mk, ok := reporters[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (valid: %s)", format, strings.Join(Formats(), ", "))
	}
	return mk(), nil
}

// Formats lists the format names, sorted.
func Formats() []string {
	names := make([]string, 0, len(reporters))
	for name := range reporters {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
