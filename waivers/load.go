package waivers

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// unknownRuleHint is what an unknown rule id error tells the user to do.
const unknownRuleHint = "not a rule id; see dcos-audit policy list"

// fields are the keys of a waiver, in the order the errors list them.
var fields = []string{"rule", "node", "unit", "justification", "owner", "expires"}

// required are the keys a waiver must have, and what each one holds.
var required = []struct{ key, want string }{
	{"rule", "the id of the rule whose findings are accepted, such as DCOS-U004"},
	{"justification", "why the findings are accepted"},
	{"owner", "who answers for the exception, such as a team's address"},
	{"expires", "the last day the waiver applies, YYYY-MM-DD"},
}

// Load reads a waivers file (see the package comment) strictly: unknown
// keys, values of the wrong type, missing or empty required values, bad
// dates and globs, and rule ids that knownRule does not know are errors
// naming FILE:LINE and what was expected, every one of them. An empty file
// is an error too; a file whose list is empty (waivers: []) is not.
// knownRule should know every rule that could be evaluated, not only the
// selected ones, so that one file serves every rule selection; nil skips
// that check. sum is the hex SHA-256 of the bytes parsed, for the report's
// provenance: the digest of what was applied, not of a second read.
func Load(file string, knownRule func(id string) bool) (ws []Waiver, sum string, err error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("read waivers: %w", err)
	}
	p := &parser{file: file, knownRule: knownRule}
	ws = p.parse(b)
	if len(p.errs) > 0 {
		slices.SortStableFunc(p.errs, func(a, b lineError) int { return cmp.Compare(a.line, b.line) })
		errs := make([]error, len(p.errs))
		for i, e := range p.errs {
			errs[i] = e.err
		}
		return nil, "", errors.Join(errs...)
	}
	digest := sha256.Sum256(b)
	return ws, hex.EncodeToString(digest[:]), nil
}

type parser struct {
	file      string
	knownRule func(string) bool
	errs      []lineError
}

// lineError is a problem and its line, so that problems can be listed in
// the order of the file.
type lineError struct {
	line int
	err  error
}

// errorf records a problem at a line of the file.
func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, lineError{line, fmt.Errorf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...))})
}

func (p *parser) parse(b []byte) []Waiver {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.errorf(1, "the file is empty; expected a mapping with the key waivers, a list of waivers")
		} else {
			p.syntaxError(err)
		}
		return nil
	}
	var more yaml.Node
	if err := dec.Decode(&more); err == nil {
		p.errorf(more.Line, "a second YAML document; expected one document")
		return nil
	} else if !errors.Is(err, io.EOF) {
		p.syntaxError(err)
		return nil
	}

	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		p.errorf(root.Line, "the file is empty; expected a mapping with the key waivers, a list of waivers")
		return nil
	}
	if root.Kind != yaml.MappingNode {
		p.errorf(root.Line, "found %s; expected a mapping with the key waivers, a list of waivers", kind(root))
		return nil
	}
	var list *yaml.Node
	for key, val := range p.pairs(root) {
		if key.Value != "waivers" {
			p.errorf(key.Line, "unknown key %q; expected waivers", key.Value)
			continue
		}
		list = val
	}
	if list == nil {
		if len(p.errs) == 0 {
			p.errorf(root.Line, "no key waivers; expected waivers, a list of waivers")
		}
		return nil
	}
	if list.Kind != yaml.SequenceNode {
		p.errorf(list.Line, "waivers is %s; expected a list of waivers", kind(list))
		return nil
	}
	ws := make([]Waiver, 0, len(list.Content))
	for _, item := range list.Content {
		if w, ok := p.waiver(item); ok {
			ws = append(ws, w)
		}
	}
	return ws
}

// waiver reads one entry of the list.
func (p *parser) waiver(n *yaml.Node) (Waiver, bool) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n.Line, "waiver is %s; expected a mapping with the keys %s", kind(n), strings.Join(fields, ", "))
		return Waiver{}, false
	}
	errs := len(p.errs)
	w := Waiver{Source: fmt.Sprintf("%s:%d", p.file, n.Line)}
	seen := map[string]bool{}
	for key, val := range p.pairs(n) {
		if !slices.Contains(fields, key.Value) {
			p.errorf(key.Line, "unknown key %q; expected one of %s", key.Value, strings.Join(fields, ", "))
			continue
		}
		seen[key.Value] = true
		s, ok := p.str(key.Value, val)
		if !ok {
			continue
		}
		switch key.Value {
		case "rule":
			w.Rule = s
			switch {
			case s == RuleExpired || s == RuleStale:
				p.errorf(val.Line, "rule %s reports on waivers and cannot be waived", s)
			case p.knownRule != nil && !p.knownRule(s):
				p.errorf(val.Line, "rule %q: %s", s, unknownRuleHint)
			}
		case "node", "unit":
			if _, err := path.Match(s, ""); err != nil {
				p.errorf(val.Line, "%s %q is not a valid glob (%v); expected a path.Match pattern such as %q",
					key.Value, s, err, map[string]string{"node": "agent-*", "unit": "dcos-acme-*.service"}[key.Value])
			}
			if key.Value == "node" {
				w.Node = s
			} else {
				w.Unit = s
			}
		case "justification":
			w.Justification = s
		case "owner":
			w.Owner = s
		case "expires":
			d, err := time.Parse(dateLayout, s)
			if err != nil {
				p.errorf(val.Line, "expires %q is not a date; expected YYYY-MM-DD, such as 2027-03-31", s)
			}
			w.Expires = d
		}
	}
	for _, r := range required {
		if !seen[r.key] {
			p.errorf(n.Line, "waiver has no %s; expected %s: %s", r.key, r.key, r.want)
		}
	}
	return w, len(p.errs) == errs
}

// pairs yields the keys and values of a mapping, recording duplicate and
// non-string keys as errors instead.
func (p *parser) pairs(m *yaml.Node) func(yield func(key, val *yaml.Node) bool) {
	return func(yield func(key, val *yaml.Node) bool) {
		first := map[string]int{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			key, val := m.Content[i], m.Content[i+1]
			if key.Kind != yaml.ScalarNode || key.ShortTag() != "!!str" {
				p.errorf(key.Line, "key is %s; expected a name", kind(key))
				continue
			}
			if line, dup := first[key.Value]; dup {
				p.errorf(key.Line, "%s given twice (first on line %d); expected it once", key.Value, line)
				continue
			}
			first[key.Value] = key.Line
			if !yield(key, val) {
				return
			}
		}
	}
}

// str reads the string value of a key: a scalar, not empty. Dates may be
// written plain (YAML reads 2027-03-31 as a timestamp, not a string).
func (p *parser) str(key string, n *yaml.Node) (string, bool) {
	tag := n.ShortTag()
	if n.Kind != yaml.ScalarNode || !(tag == "!!str" || key == "expires" && tag == "!!timestamp") {
		hint := ""
		if n.Kind == yaml.ScalarNode && tag != "!!null" {
			hint = " (quote it)"
		}
		p.errorf(n.Line, "%s is %s; expected a string%s", key, kind(n), hint)
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		switch key {
		case "node", "unit":
			p.errorf(n.Line, "%s is empty; expected a glob, or no %s key to match every %s", key, key, key)
		default:
			p.errorf(n.Line, "%s is empty; expected %s", key, want(key))
		}
		return "", false
	}
	return s, true
}

func want(key string) string {
	for _, r := range required {
		if r.key == key {
			return r.want
		}
	}
	return "a value"
}

// kind names what a node holds, for messages.
func kind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias (*name)"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!timestamp":
			return "a timestamp"
		case "!!str":
			return "a string"
		}
		return "a " + strings.TrimPrefix(n.ShortTag(), "!!")
	}
	return "something else"
}

// yamlLine finds the line in the YAML library's syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)

func (p *parser) syntaxError(err error) {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		p.errorf(line, "%s; expected valid YAML", m[2])
		return
	}
	p.errs = append(p.errs, lineError{0, fmt.Errorf("%s: %s; expected valid YAML", p.file, strings.TrimPrefix(err.Error(), "yaml: "))})
}
