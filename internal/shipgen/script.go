package main

import (
	"fmt"
	"regexp"
	"strings"
)

// file is what a build script wrote, with the problems met producing it,
// which matter only if the file turns out to be an installed unit.
type file struct {
	data     []byte
	problems []string
}

// script interprets one packages/<pkg>/build. It follows only what decides
// the content of files: variable assignments, for loops, cp/install,
// envsubst, sed, cat with here-documents and tee. Everything else is
// ignored unless it touches dcos.target.wants, which is then reported.
type script struct {
	pkg, name string // package and script path, for messages
	tree      Tree
	vars      vars
	files     map[string]file // by absolute path on the build host
	dirs      map[string]bool
	problems  []string
	// installsUnits is set when the script names dcos.target.wants at all.
	installsUnits bool
}

// line is one logical line (continuations joined) and its 1-based number.
type line struct {
	n    int
	text string
}

func pkgPath(pkg string) string { return "/opt/mesosphere/packages/" + pkg }

func newScript(tree Tree, pkg string) *script {
	return &script{
		pkg: pkg, name: "packages/" + pkg + "/build", tree: tree,
		vars:  vars{"PKG_PATH": pkgPath(pkg)},
		files: map[string]file{}, dirs: map[string]bool{},
	}
}

func (s *script) report(n int, format string, args ...any) {
	s.problems = append(s.problems, fmt.Sprintf("%s:%d: %s", s.name, n, fmt.Sprintf(format, args...)))
}

func splitLines(src string) []line {
	var out []line
	raw := strings.Split(src, "\n")
	for i := 0; i < len(raw); i++ {
		l := line{n: i + 1, text: raw[i]}
		// Here-document bodies are taken raw later, so only join when the
		// backslash is not inside one; scripts do not continue cat lines.
		for strings.HasSuffix(l.text, `\`) && !strings.Contains(l.text, "<<") && i+1 < len(raw) {
			i++
			l.text = strings.TrimSuffix(l.text, `\`) + " " + raw[i]
		}
		out = append(out, l)
	}
	return out
}

var forLine = regexp.MustCompile(`^for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+(.*?)\s*(;\s*do)?\s*$`)

// run executes lines[i:] up to the end of the block.
func (s *script) run(lines []line) {
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		text := strings.TrimSpace(l.text)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if m := forLine.FindStringSubmatch(text); m != nil {
			start := i + 1
			if m[3] == "" { // "do" on the next line
				for start < len(lines) && strings.TrimSpace(lines[start].text) == "" {
					start++
				}
				if start < len(lines) && strings.TrimSpace(lines[start].text) == "do" {
					start++
				}
			}
			end := matchingDone(lines, start)
			var items []string
			for _, t := range tokenize(m[2]) {
				w, p := expandWord(t.word, s.vars)
				if len(p) > 0 {
					s.report(l.n, "for list: %s", strings.Join(p, "; "))
				}
				items = append(items, w)
			}
			for _, it := range items {
				s.vars[m[1]] = it
				s.run(lines[start:end])
			}
			i = end
			continue
		}
		if f := strings.Fields(text); len(f) > 0 {
			switch f[0] {
			case "if", "while", "until", "case", "function", "select":
				// Its body runs unconditionally below; that can only
				// matter in a script that installs units.
				if !s.installsUnits {
					continue
				}
				s.report(l.n, "control structure %q not interpreted", f[0])
				continue
			}
		}
		toks := tokenize(l.text)
		var body string
		if hd := heredocAt(toks); hd >= 0 {
			delim, quoted := heredocDelim(toks, hd)
			var b []string
			j := i + 1
			for ; j < len(lines); j++ {
				t := lines[j].text
				if toks[hd].op == "<<-" {
					t = strings.TrimLeft(t, "\t")
				}
				if t == delim {
					break
				}
				b = append(b, lines[j].text)
			}
			i = j
			body = strings.Join(b, "\n") + "\n"
			if !quoted {
				body = "\x00" + body // marks a body still to be expanded
			}
		}
		s.pipeline(l.n, toks, body)
	}
}

// matchingDone returns the index of the "done" closing a loop body that
// starts at lines[start].
func matchingDone(lines []line, start int) int {
	depth := 0
	for j := start; j < len(lines); j++ {
		f := strings.Fields(strings.TrimSpace(lines[j].text))
		if len(f) == 0 {
			continue
		}
		switch strings.TrimSuffix(f[0], ";") {
		case "for", "while", "until":
			depth++
		case "done":
			if depth == 0 {
				return j
			}
			depth--
		}
	}
	return len(lines)
}

func heredocAt(toks []token) int {
	for i, t := range toks {
		if t.op == "<<" || t.op == "<<-" {
			return i
		}
	}
	return -1
}

// heredocDelim returns the delimiter word after << and whether it was
// quoted, which turns expansion of the body off.
func heredocDelim(toks []token, i int) (string, bool) {
	if i+1 >= len(toks) {
		return "", true
	}
	w := toks[i+1].word
	quoted := strings.ContainsAny(w, `'"\`)
	d, _ := expandWord(w, nil)
	return d, quoted
}
