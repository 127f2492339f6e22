package rootfs

import (
	"path"
	"strings"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/redact"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
)

// execDirectives are the settings whose value starts with a program to run.
var execDirectives = []string{
	"ExecCondition", "ExecStartPre", "ExecStart", "ExecStartPost",
	"ExecReload", "ExecStop", "ExecStopPost",
}

// referenced finds the files a unit's settings make systemd use, in the
// root: the program of each Exec* line and each EnvironmentFile. What they
// are and who may change them is what the hygiene rules judge.
func (g *gatherer) referenced(opts unitfile.Options) []facts.FileRef {
	var refs []facts.FileRef
	for _, section := range []string{"Service", "Socket"} {
		for _, d := range execDirectives {
			for _, v := range opts[section][d] {
				refs = append(refs, g.fileRef(d, program(v)))
			}
		}
	}
	for _, v := range opts["Service"]["EnvironmentFile"] {
		ref := g.fileRef("EnvironmentFile", strings.TrimPrefix(v, "-"))
		if ref.Status == facts.RefOK {
			ref.SecretKeys = g.secretKeys(ref.Resolved)
		}
		refs = append(refs, ref)
	}
	return refs
}

// secretKeys names the variables of an environment file that hold
// credentials, by their names alone: the values stay on the node.
func (g *gatherer) secretKeys(p string) []string {
	data, _, err := g.readFile(p, maxUnitFile)
	if err != nil {
		return nil // unreadable content is not a finding of its own here
	}
	var keys []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "export "))
		key, _, ok := strings.Cut(line, "=")
		if ok && !strings.HasPrefix(line, "#") && redact.Secret(strings.TrimSpace(key)) {
			keys = append(keys, strings.TrimSpace(key))
		}
	}
	return keys
}

// program is the executable of an Exec* value: its first word, without
// systemd's prefixes (@, -, :, +, !) and quotes.
func program(v string) string {
	v = strings.TrimLeft(strings.TrimSpace(v), "@-:+!")
	word, _, _ := strings.Cut(v, " ")
	return strings.Trim(word, `"'`)
}

// fileRef looks a referenced file up in the root, following links there.
func (g *gatherer) fileRef(directive, p string) facts.FileRef {
	ref := facts.FileRef{Directive: directive, Path: p}
	if !path.IsAbs(p) || strings.Contains(p, "$") {
		ref.Status = facts.RefNotAbsolute
		return ref
	}
	res := resolve(g.root, strings.TrimPrefix(path.Clean(p), "/"))
	switch res.status {
	case facts.LinkOK:
	case facts.LinkDangling:
		ref.Status = facts.RefMissing
		return ref
	case facts.LinkEscapes:
		ref.Status = facts.RefEscapes
		return ref
	default:
		ref.Status = facts.RefError
		if res.err != nil {
			g.problem(facts.ProblemUnreadable, res.path, res.err, hintFor(res.err))
		}
		return ref
	}
	fi, err := g.root.Lstat(res.path)
	if !g.ok(res.path, err) {
		ref.Status = facts.RefError
		return ref
	}
	dfi, err := g.root.Lstat(path.Dir(res.path))
	if !g.ok(path.Dir(res.path), err) {
		ref.Status = facts.RefError
		return ref
	}
	st := &facts.FileStat{}
	st.Mode, st.UID, st.GID = owner(fi)
	st.DirMode, st.DirUID, _ = owner(dfi)
	ref.Status, ref.Resolved, ref.Stat = facts.RefOK, res.path, st
	return ref
}
