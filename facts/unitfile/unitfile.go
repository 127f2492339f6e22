// Package unitfile interprets systemd unit files: unit names, a unit file
// merged with its drop-ins, time spans and timer schedules. It works on
// bytes the caller has read and never touches the filesystem.
package unitfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/dcos-audit/dcos-audit/facts/redact"
)

// unitTypes are systemd's unit types, the suffixes a unit name may have.
var unitTypes = map[string]bool{
	"service": true, "socket": true, "device": true, "mount": true,
	"automount": true, "swap": true, "target": true, "path": true,
	"timer": true, "slice": true, "scope": true,
}

// maxUnitName is systemd's UNIT_NAME_MAX less the terminating NUL.
const maxUnitName = 255

// Kind returns the unit type of a unit file name ("dcos-net.service" →
// "service"), or "" when name is not a valid unit name: systemd would not
// load such a file as a unit, so it must not be judged as one.
//
// The rules are systemd's unit_name_is_valid: at most 255 bytes, a known
// type after the last dot, a non-empty prefix of ASCII letters, digits and
// ":-_.\" (the backslash appears in escaped names such as
// "dev-disk-by\x2dlabel-root.device"), and at most one '@', not first.
func Kind(name string) string {
	if len(name) > maxUnitName {
		return ""
	}
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 || !unitTypes[name[dot+1:]] {
		return ""
	}
	at := -1
	for i := 0; i < dot; i++ {
		c := name[i]
		switch {
		case c == '@':
			if at >= 0 {
				return ""
			}
			at = i
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == ':', c == '-', c == '_', c == '.', c == '\\':
		default:
			return ""
		}
	}
	if at == 0 {
		return ""
	}
	return name[dot+1:]
}

// Options maps section → key → values, in the order assigned. It is the
// shape of facts.UnitFile.Options.
type Options = map[string]map[string][]string

// File is one unit file or drop-in as read by the caller.
type File struct {
	// Path names the file in errors (relative to the node's root).
	Path string
	Data []byte
}

// ParseError is a file that is not a valid unit file.
type ParseError struct {
	Path string
	// Line is the 1-based line of the problem, 0 when not known (go-systemd
	// does not report lines).
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("parse %s: line %d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("parse %s: %v", e.Path, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Parse parses a unit file and its drop-ins, in the order given, into one
// set of options. Every assignment appends its value; an empty assignment
// ("ExecStartPre=") clears the values assigned before it, as systemd does
// for list settings. For a single-valued setting the last value is the one
// in force.
//
// Lines are read as systemd reads them: comment lines ('#' or ';' first) are
// dropped even inside a continuation, and a trailing backslash joins the
// next line, becoming a space.
//
// A file that does not parse yields a *ParseError; the assignments before
// its first error are kept (systemd too applies them), and the files after
// it are still merged. All errors are joined. Options is never nil.
func Parse(files ...File) (Options, error) {
	opts := Options{}
	var errs []error
	for _, f := range files {
		if err := parseInto(opts, f); err != nil {
			errs = append(errs, err)
		}
	}
	return opts, errors.Join(errs...)
}

func parseInto(opts Options, f File) error {
	text, line, lineErr := normalize(f.Data)
	parsed, err := unit.DeserializeOptions(strings.NewReader(text))
	for _, o := range parsed {
		// go-systemd keeps a continuation as backslash + newline; systemd
		// turns the backslash into a space and drops the newline.
		v := strings.TrimSpace(strings.ReplaceAll(o.Value, "\\\n", " "))
		v = redact.Option(o.Section, o.Name, v) // credentials stay on the node
		sec := opts[o.Section]
		if sec == nil {
			sec = map[string][]string{}
			opts[o.Section] = sec
		}
		if v == "" {
			sec[o.Name] = []string{}
			continue
		}
		sec[o.Name] = append(sec[o.Name], v)
	}
	if err != nil { // comes from text before lineErr, so it is the earlier one
		return &ParseError{Path: f.Path, Err: errors.New(redact.Text(err.Error()))}
	}
	if lineErr != nil {
		return &ParseError{Path: f.Path, Line: line, Err: lineErr}
	}
	return nil
}

var utf8BOM = []byte("\xef\xbb\xbf")

// normalize prepares data for go-systemd so that it reads what systemd
// reads, and finds what go-systemd would silently accept or misread: binary
// data, text outside any section (go-systemd skips it, and even takes a '['
// in it for a section), a section header with no ']' on its line
// (go-systemd reads on to the next ']', lines later), a missing key.
//
// It returns the text up to the logical line of the first such problem,
// the problem's line number and the problem.
func normalize(data []byte) (text string, line int, err error) {
	data = bytes.TrimPrefix(data, utf8BOM)
	var b strings.Builder
	b.Grow(len(data) + 2)
	inSection := false
	cont := false     // the previous line ended with a continuation backslash
	logicalStart := 0 // where in b the current logical line starts
	for i, l := range strings.Split(string(data), "\n") {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		if !cont {
			logicalStart = b.Len()
		}
		if strings.IndexByte(l, 0) >= 0 {
			return b.String()[:logicalStart], n, errors.New("NUL byte: not a text file")
		}
		if !utf8.ValidString(l) {
			return b.String()[:logicalStart], n, errors.New("invalid UTF-8: not a text file")
		}
		if t := strings.TrimLeft(l, " \t"); t != "" && (t[0] == '#' || t[0] == ';') {
			continue // a comment, even inside a continuation
		}
		if !cont {
			switch s := strings.TrimSpace(l); {
			case s == "":
			case s[0] == '[':
				if !strings.Contains(s, "]") { // text after the ']' is go-systemd's to report
					return b.String()[:logicalStart], n, fmt.Errorf("section header not closed: %q", truncate(s))
				}
				inSection = true
			case !inSection:
				return b.String()[:logicalStart], n, fmt.Errorf("text before the first section header: %q", truncate(s))
			case s[0] == '=':
				return b.String()[:logicalStart], n, fmt.Errorf("missing key name before '=': %q", truncate(s))
			}
		}
		// systemd continues a line that ends in an unescaped backslash;
		// go-systemd continues on any trailing backslash, so an escaped one
		// gets a space that its value trimming removes again.
		k := len(l) - len(strings.TrimRight(l, `\`))
		cont = k%2 == 1
		b.WriteString(l)
		if k > 0 && !cont {
			b.WriteByte(' ')
		}
		b.WriteByte('\n')
	}
	return b.String(), 0, nil
}

// truncate shortens s for an error message, credentials redacted.
func truncate(s string) string {
	s = redact.Text(s)
	const limit = 40
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}
