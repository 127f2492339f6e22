package main

import (
	"path"
	"regexp"
	"strings"
)

// command is one simple command of a pipeline, words still raw.
type command struct {
	n              int
	assigns        [][2]string // NAME=word prefixes
	args           []string
	in, out        string // raw words after < and >
	append, hasOut bool
	raw            string // for messages
}

var assignment = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=(.*)$`)

// pipeline runs the commands of one line. body is the here-document of the
// line, if any, prefixed with \x00 when it still has to be expanded.
func (s *script) pipeline(n int, toks []token, body string) {
	var cur []token
	var pipe []command
	var stdin *file
	flushPipe := func() {
		for _, c := range pipe {
			stdin = s.exec(c, stdin, body)
		}
		pipe, stdin = nil, nil
	}
	addCmd := func() {
		if len(cur) > 0 {
			pipe = append(pipe, parseCommand(n, cur))
		}
		cur = nil
	}
	for _, t := range toks {
		switch t.op {
		case "|":
			addCmd()
		case ";", "&&", "||":
			addCmd()
			flushPipe()
		default:
			cur = append(cur, t)
		}
	}
	addCmd()
	flushPipe()
}

func parseCommand(n int, toks []token) command {
	c := command{n: n}
	var parts []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.op != "" {
			parts = append(parts, t.op)
		} else {
			parts = append(parts, t.word)
		}
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].word
		}
		switch t.op {
		case "<":
			c.in = next
			i++
		case ">", ">>":
			c.out, c.hasOut, c.append = next, true, t.op == ">>"
			i++
		case "<<", "<<-":
			i++ // the delimiter; the body comes from the caller
		case "":
			if m := assignment.FindStringSubmatch(t.word); m != nil && len(c.args) == 0 {
				c.assigns = append(c.assigns, [2]string{m[1], m[2]})
			} else {
				c.args = append(c.args, t.word)
			}
		}
	}
	c.raw = strings.Join(parts, " ")
	return c
}

// exec runs one command and returns what it writes to standard output when
// that goes into a pipe.
func (s *script) exec(c command, stdin *file, body string) *file {
	if len(c.args) == 0 {
		for _, a := range c.assigns {
			s.assign(c.n, a[0], a[1])
		}
		return nil
	}
	env := vars{}
	for k, v := range s.vars {
		env[k] = v
	}
	for _, a := range c.assigns {
		v, _ := expandWord(a[1], s.vars)
		env[a[0]] = v
	}
	name, _ := expandWord(c.args[0], s.vars)
	if c.in != "" {
		stdin = s.read(c.n, c.in, "")
	}
	if body != "" && strings.Contains(c.raw, "<<") {
		stdin = s.heredoc(body)
	}
	var out *file
	switch name {
	case "export", "readonly", "local", "declare":
		for _, a := range c.args[1:] {
			if m := assignment.FindStringSubmatch(a); m != nil {
				s.assign(c.n, m[1], m[2])
			}
		}
		return nil
	case "mkdir":
		for _, a := range c.args[1:] {
			if d, p := expandWord(a, s.vars); len(p) == 0 && !strings.HasPrefix(d, "-") {
				s.dirs[path.Clean(d)] = true
			}
		}
		return nil
	case "cp", "install":
		s.copy(c)
		return nil
	case "cat":
		out = stdin
		for _, a := range c.args[1:] {
			out = s.read(c.n, a, "")
		}
	case "tee":
		for _, a := range c.args[1:] {
			if !strings.HasPrefix(a, "-") && stdin != nil {
				s.write(c.n, a, *stdin)
			}
		}
		out = stdin
	case "envsubst":
		out = s.envsubst(c, stdin, env)
	case "sed":
		out = s.sed(c, stdin)
	default:
		s.untouched(c)
		return nil
	}
	if c.hasOut {
		if out != nil {
			s.write(c.n, c.out, *out)
		} else {
			s.untouched(c)
		}
		return nil
	}
	return out
}

// untouched reports a command that is not interpreted but names a unit
// directory: it might install or change a unit behind our back.
func (s *script) untouched(c command) {
	switch c.args[0] {
	case "mkdir", "chmod", "chown", "echo", "set":
		return
	}
	if strings.Contains(c.raw, "dcos.target.wants") || s.mentionsWants(c) {
		s.report(c.n, "command not interpreted: %s", c.raw)
	}
}

func (s *script) mentionsWants(c command) bool {
	for _, a := range append(append([]string{}, c.args...), c.out, c.in) {
		if w, _ := expandWord(a, s.vars); strings.Contains(w, "dcos.target.wants") {
			return true
		}
	}
	return false
}

func (s *script) assign(_ int, name, raw string) {
	v, p := expandWord(raw, s.vars)
	if len(p) > 0 {
		// An unknown value must not pass for a known one; uses of the
		// variable are reported where they matter.
		delete(s.vars, name)
		return
	}
	s.vars[name] = v
}

func (s *script) heredoc(body string) *file {
	if !strings.HasPrefix(body, "\x00") {
		return &file{data: []byte(body)}
	}
	text, p := expandText(body[1:], s.vars, "$`\\")
	return &file{data: []byte(text), problems: p}
}
