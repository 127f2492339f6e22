package main

import (
	"path"
	"regexp"
	"strings"
)

// extraDir is where pkgpanda mounts packages/<pkg>/extra during a build.
const extraDir = "/pkg/extra/"

// wantsDir matches a unit directory of the package's $PKG_PATH; pkgpanda
// links dcos.target.wants (all roles) and dcos.target.wants_<role>.
var wantsDir = regexp.MustCompile(`^/opt/mesosphere/packages/[^/]+/dcos\.target\.wants(_[a-z_]+)?$`)

// read returns the file a source word names: one the script wrote, or one
// of the package's extra files. Failures are reported only when the file
// was bound for a unit directory (dst), since most copies are of build
// outputs we do not need.
func (s *script) read(n int, raw, dst string) *file {
	p, probs := expandWord(raw, s.vars)
	if len(probs) > 0 {
		if strings.Contains(dst, "dcos.target.wants") {
			s.report(n, "source %s: %s", raw, strings.Join(probs, "; "))
		}
		return nil
	}
	p = path.Clean(p)
	if f, ok := s.files[p]; ok {
		return &f
	}
	if strings.HasPrefix(p, extraDir) {
		data, err := s.tree.ReadFile("packages/" + s.pkg + "/extra/" + strings.TrimPrefix(p, extraDir))
		if err == nil {
			return &file{data: data}
		}
	}
	if strings.Contains(dst, "dcos.target.wants") {
		s.report(n, "source %s not found in packages/%s/extra or earlier output", p, s.pkg)
	}
	return nil
}

// target expands a destination word; "" when it cannot be known.
func (s *script) target(n int, raw string) string {
	p, probs := expandWord(raw, s.vars)
	if len(probs) > 0 {
		if strings.Contains(p, "dcos.target.wants") || strings.Contains(raw, "service") || strings.Contains(raw, "unit") {
			s.report(n, "destination %s: %s", raw, strings.Join(probs, "; "))
		}
		return ""
	}
	return path.Clean(p)
}

func (s *script) isDir(p string) bool {
	return s.dirs[p] || wantsDir.MatchString(p)
}

func (s *script) write(n int, raw string, f file) {
	dst := s.target(n, raw)
	if dst == "" {
		return
	}
	if s.isDir(dst) {
		s.report(n, "write to directory %s", dst)
		return
	}
	s.files[dst] = f
}

// copy handles cp and install: the last operand is the destination, a
// directory when several sources are given or when it is one.
func (s *script) copy(c command) {
	var ops []string
	for i := 1; i < len(c.args); i++ {
		a := c.args[i]
		if strings.HasPrefix(a, "-") {
			if c.args[0] == "install" && (a == "-m" || a == "-o" || a == "-g") {
				i++
			}
			continue
		}
		ops = append(ops, a)
	}
	if len(ops) < 2 {
		s.untouched(c)
		return
	}
	dst := s.target(c.n, ops[len(ops)-1])
	if dst == "" {
		return
	}
	dir := s.isDir(dst) || len(ops) > 2 || strings.HasSuffix(ops[len(ops)-1], `/"`) || strings.HasSuffix(ops[len(ops)-1], "/")
	for _, raw := range ops[:len(ops)-1] {
		for _, src := range s.glob(c.n, raw) {
			to := dst
			if dir {
				to = path.Join(dst, path.Base(src))
			}
			if f := s.read(c.n, quote(src), to); f != nil {
				s.files[to] = *f
			}
		}
	}
}

// quote makes an expanded path a raw word again, for read.
func quote(p string) string { return "'" + p + "'" }

// glob expands a source word against the package's extra files when it has
// wildcards (cp /pkg/extra/dcos-signal*.service ...).
func (s *script) glob(n int, raw string) []string {
	p, probs := expandWord(raw, s.vars)
	if len(probs) > 0 || !strings.ContainsAny(p, "*?[") {
		return []string{p}
	}
	if !strings.HasPrefix(p, extraDir) {
		return []string{p}
	}
	root := "packages/" + s.pkg + "/extra"
	all, err := s.tree.ListFiles(root)
	if err != nil {
		s.report(n, "list %s: %v", root, err)
		return nil
	}
	var out []string
	for _, f := range all {
		abs := extraDir + strings.TrimPrefix(f, root+"/")
		if ok, _ := path.Match(p, abs); ok {
			out = append(out, abs)
		}
	}
	if len(out) == 0 {
		s.report(n, "%s matches no file in %s", p, root)
	}
	return out
}

var envsubstName = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?`)

// envsubst replaces only the variables named in its SHELL-FORMAT argument,
// as the scripts always give one ('$PKG_PATH', '${SERVICE} ${PKG_PATH}').
func (s *script) envsubst(c command, in *file, env vars) *file {
	if in == nil {
		return nil
	}
	if len(c.args) != 2 {
		s.report(c.n, "envsubst without a variable list: %s", c.raw)
		return nil
	}
	format, _ := expandWord(c.args[1], nil)
	text := string(in.data)
	probs := append([]string{}, in.problems...)
	for _, m := range envsubstName.FindAllStringSubmatch(format, -1) {
		name := m[1]
		val, ok := env[name]
		if !ok {
			probs = append(probs, "envsubst variable "+name+" has no known value")
			continue
		}
		re := regexp.MustCompile(`\$(\{` + name + `\}|` + name + `\b)`)
		text = re.ReplaceAllLiteralString(text, val)
	}
	return &file{data: []byte(text), problems: probs}
}

// sed supports the one form the scripts use on units: a single s command
// with any delimiter, reading stdin or a file.
func (s *script) sed(c command, in *file) *file {
	var exprs, files []string
	for i := 1; i < len(c.args); i++ {
		a := c.args[i]
		switch {
		case a == "-e" && i+1 < len(c.args):
			exprs = append(exprs, c.args[i+1])
			i++
		case a == "-i" || strings.HasPrefix(a, "-i"):
			s.untouched(c) // in-place edits of build sources
			return nil
		case strings.HasPrefix(a, "-"):
			s.report(c.n, "sed option %s not interpreted", a)
			return nil
		case len(exprs) == 0:
			exprs = append(exprs, a)
		default:
			files = append(files, a)
		}
	}
	for _, f := range files {
		in = s.read(c.n, f, "dcos.target.wants")
	}
	if in == nil {
		return nil
	}
	text := string(in.data)
	probs := append([]string{}, in.problems...)
	for _, raw := range exprs {
		e, p := expandWord(raw, s.vars)
		probs = append(probs, p...)
		if len(e) < 4 || e[0] != 's' {
			probs = append(probs, "sed expression "+e+" not interpreted")
			continue
		}
		parts := strings.Split(e[2:], string(e[1]))
		if len(parts) != 3 || strings.Trim(parts[2], "g") != "" {
			probs = append(probs, "sed expression "+e+" not interpreted")
			continue
		}
		if strings.ContainsAny(parts[0], `.*[]^$\`) {
			probs = append(probs, "sed pattern "+parts[0]+" is a regular expression; replaced literally")
		}
		n := 1 // without g, sed replaces the first match of each line
		if parts[2] == "g" {
			n = -1
		}
		lines := strings.Split(text, "\n")
		for i := range lines {
			lines[i] = strings.Replace(lines[i], parts[0], parts[1], n)
		}
		text = strings.Join(lines, "\n")
	}
	return &file{data: []byte(text), problems: probs}
}
