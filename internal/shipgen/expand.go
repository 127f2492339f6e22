package main

import (
	"fmt"
	"path"
	"strings"
)

// vars holds the build-time shell variables of one script. A name absent
// from the map is unknown: its value came from outside the script (for
// example /opt/mesosphere/environment.export) or from a command.
type vars map[string]string

// expandWord performs quote removal and parameter expansion on one raw word,
// as bash would for a simple command argument. What it cannot evaluate is
// returned as problems, and the literal text is kept in its place.
func expandWord(raw string, v vars) (string, []string) {
	var out strings.Builder
	var probs []string
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\'':
			j := closing(raw, i, '\'')
			out.WriteString(strings.TrimSuffix(raw[i+1:j], "'"))
			i = j - 1
		case '"':
			j := closing(raw, i, '"')
			s, p := expandText(strings.TrimSuffix(raw[i+1:j], `"`), v, `$"\`+"`")
			out.WriteString(s)
			probs = append(probs, p...)
			i = j - 1
		case '\\':
			if i+1 < len(raw) {
				out.WriteByte(raw[i+1])
				i++
			}
		case '$', '`':
			n, s, p := expandDollar(raw, i, v)
			out.WriteString(s)
			probs = append(probs, p...)
			i += n - 1
		default:
			out.WriteByte(c)
		}
	}
	return out.String(), probs
}

// expandText expands $ and ` in text where a backslash escapes only the
// characters in escapable: double-quoted strings and unquoted here-documents
// (where `\$` is a literal dollar sign).
func expandText(s string, v vars, escapable string) (string, []string) {
	var out strings.Builder
	var probs []string
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && s[i+1] == '\n':
			i++ // line continuation
		case c == '\\' && i+1 < len(s) && strings.IndexByte(escapable, s[i+1]) >= 0:
			out.WriteByte(s[i+1])
			i++
		case c == '$' || c == '`':
			n, e, p := expandDollar(s, i, v)
			out.WriteString(e)
			probs = append(probs, p...)
			i += n - 1
		default:
			out.WriteByte(c)
		}
	}
	return out.String(), probs
}

// expandDollar expands the expansion starting at s[i] and returns how many
// bytes it used. It knows $NAME, ${NAME}, and $(basename W) and $(dirname W),
// the only command substitutions the build scripts use on unit paths.
func expandDollar(s string, i int, v vars) (int, string, []string) {
	if s[i] == '`' {
		j := closing(s, i, '`')
		return j - i, s[i:j], []string{"command substitution " + s[i:j] + " not evaluated"}
	}
	rest := s[i+1:]
	switch {
	case strings.HasPrefix(rest, "("):
		j := closeParen(s, i+1)
		text := s[i:j]
		inner := strings.TrimSuffix(strings.TrimPrefix(text, "$("), ")")
		f := strings.Fields(inner)
		if len(f) == 2 && (f[0] == "basename" || f[0] == "dirname") {
			arg, p := expandWord(f[1], v)
			if len(p) > 0 {
				return j - i, text, p
			}
			if f[0] == "basename" {
				return j - i, path.Base(arg), nil
			}
			return j - i, path.Dir(arg), nil
		}
		return j - i, text, []string{"command substitution " + text + " not evaluated"}
	case strings.HasPrefix(rest, "{"):
		end := strings.IndexByte(rest, '}')
		if end < 0 {
			return len(s) - i, s[i:], []string{"unterminated ${"}
		}
		name := rest[1:end]
		text := s[i : i+end+2]
		if !isName(name) {
			return len(text), text, []string{fmt.Sprintf("parameter expansion %s not evaluated", text)}
		}
		val, p := lookup(name, text, v)
		return len(text), val, p
	default:
		n := 0
		for n < len(rest) && isNameByte(rest[n], n == 0) {
			n++
		}
		if n == 0 {
			return 1, "$", nil // a lone dollar sign is literal
		}
		text := s[i : i+1+n]
		val, p := lookup(rest[:n], text, v)
		return len(text), val, p
	}
}

func lookup(name, text string, v vars) (string, []string) {
	if val, ok := v[name]; ok {
		return val, nil
	}
	return text, []string{"unresolved build-time variable " + name + " (kept as " + text + ")"}
}

func isName(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i], i == 0) {
			return false
		}
	}
	return s != ""
}

func isNameByte(c byte, first bool) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && '0' <= c && c <= '9'
}
