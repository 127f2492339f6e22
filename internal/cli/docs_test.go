package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

// The command examples of README.md and docs/ run here, so they cannot
// drift from the tool:
//   - every example parses against the real command tree: no unknown flag,
//     no invalid value, no usage error of any kind;
//   - an example whose inputs exist in the repository (after the
//     placeholders below) runs to a verdict (exit 0 or 1);
//   - where the page shows the output ("$ cmd" then its lines, "..." for
//     lines left out, "(exit N)" for the code), the output must match;
//     -update rewrites the shown output.

// docPages are the pages whose examples run; docs/rules.md is generated.
var docPages = []string{"README.md", "docs/live.md", "docs/policies.md", "docs/report.md", "docs/snapshot.md", "docs/conventions.md"}

// example is one command line of a page.
type example struct {
	page string
	line int    // 1-based
	cmd  string // as written, without the prompt and trailing comment
	// shown is the output the page shows after a "$ " prompt, nil if none;
	// its lines are page lines [from, to).
	shown    []string
	from, to int
	indent   string
}

var (
	fence      = regexp.MustCompile("^\\s*```")
	exitLine   = regexp.MustCompile(`^\(exit (\d)\)$`)
	inlineCode = regexp.MustCompile("`((?:sudo )?dcos-audit [^`]+)`")
	// synopsis matches a usage line rather than an example: optional parts
	// in brackets, or a placeholder such as DIR or FILE.
	synopsis = regexp.MustCompile(`[\[<]|\b(DIR|FILE|ID|ADDRESS|VERSION|ROLE|PATH|GLOB|SEVERITY|FORMAT|NAME)\b`)
)

// isCommand reports whether a code line runs dcos-audit (not, say,
// copies it somewhere).
func isCommand(s string) bool {
	_, ok := dcosArgs(strings.Fields(s))
	return ok
}

var subcommands = []string{"scan", "check", "gather", "catalog", "policy", "version"}

// stripComment drops a trailing "# ..." that is not inside quotes.
func stripComment(s string) string {
	var q rune
	for i, r := range s {
		switch {
		case q != 0 && r == q:
			q = 0
		case q == 0 && (r == '\'' || r == '"'):
			q = r
		case q == 0 && r == '#' && (i == 0 || s[i-1] == ' '):
			return strings.TrimSpace(s[:i])
		}
	}
	return strings.TrimSpace(s)
}

func parseExamples(page string, lines []string) []example {
	var out []example
	inFence := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if fence.MatchString(l) {
			inFence = !inFence
			continue
		}
		indented := !inFence && strings.HasPrefix(l, "    ") && (i == 0 || strings.TrimSpace(lines[i-1]) == "" || strings.HasPrefix(lines[i-1], "    "))
		if !inFence && !indented {
			for _, m := range inlineCode.FindAllStringSubmatch(l, -1) {
				if !synopsis.MatchString(m[1]) {
					out = append(out, example{page: page, line: i + 1, cmd: m[1]})
				}
			}
			continue
		}
		text := strings.TrimSpace(l)
		prompt := strings.HasPrefix(text, "$ ")
		text = strings.TrimPrefix(text, "$ ")
		if !isCommand(text) {
			continue
		}
		ex := example{page: page, line: i + 1, cmd: stripComment(text)}
		if prompt {
			ex.indent = l[:len(l)-len(strings.TrimLeft(l, " "))]
			ex.from = i + 1
			j := i + 1
			for ; j < len(lines); j++ {
				t := strings.TrimSpace(lines[j])
				if fence.MatchString(lines[j]) || strings.HasPrefix(t, "$ ") || (!inFence && !strings.HasPrefix(lines[j], "    ") && t != "") {
					break
				}
				if !inFence && t == "" && (j+1 >= len(lines) || !strings.HasPrefix(lines[j+1], "    ")) {
					break
				}
				ex.shown = append(ex.shown, strings.TrimPrefix(lines[j], ex.indent))
			}
			ex.to = j
			i = j - 1
		}
		out = append(out, ex)
	}
	return out
}

// words splits a command line as a shell would, for the forms the pages
// use: quotes, pipes and one output redirection.
func words(s string) (segments [][]string, redirect string) {
	var cur []string
	var w strings.Builder
	inWord, q := false, rune(0)
	flush := func() {
		if inWord {
			cur = append(cur, os.ExpandEnv(w.String()))
			w.Reset()
			inWord = false
		}
	}
	for _, r := range s {
		switch {
		case q != 0 && r == q:
			q = 0
		case q != 0:
			w.WriteRune(r)
		case r == '\'' || r == '"':
			q, inWord = r, true
		case r == ' ':
			flush()
		case r == '|':
			flush()
			segments, cur = append(segments, cur), nil
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	flush()
	segments = append(segments, cur)
	last := segments[len(segments)-1]
	if i := slices.Index(last, ">"); i >= 0 && i+1 < len(last) {
		redirect = last[i+1]
		segments[len(segments)-1] = last[:i]
	}
	return segments, redirect
}

// dcosArgs finds the arguments of dcos-audit in a pipeline segment
// ("sudo dcos-audit scan", "ssh node sudo dcos-audit gather", "go run . scan").
func dcosArgs(seg []string) ([]string, bool) {
	for i, w := range seg {
		var args []string
		switch {
		case w == "dcos-audit" || strings.HasSuffix(w, "/dcos-audit"):
			args = seg[i+1:]
		case w == "go" && i+2 < len(seg) && seg[i+1] == "run" && seg[i+2] == ".":
			args = seg[i+3:]
		default:
			continue
		}
		if len(args) > 0 && slices.Contains(subcommands, args[0]) {
			return args, true
		}
	}
	return nil, false
}

// placeholders map the pages' example paths to real inputs.
func placeholders(t *testing.T, dir string) map[string]string {
	t.Helper()
	fixtures, err := filepath.Abs("testdata/fixtures")
	if err != nil {
		t.Fatal(err)
	}
	// node/: a stock 2.2.1 agent from which REX-Ray was removed.
	node := filepath.Join(dir, "node")
	if out, err := exec.Command("cp", "-a", filepath.Join(fixtures, "agent-2.2.1/root"), node).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	if err := os.Remove(filepath.Join(node, "etc/systemd/system/dcos.target.wants/dcos-rexray.service")); err != nil {
		t.Fatal(err)
	}
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	// Relative names are made in the working directory, so that outputs
	// show them as the page does.
	for name, target := range map[string]string{
		"testdata":             abs("testdata"),
		"site":                 abs("scanner/testdata/policies/site"),
		"site.yaml":            abs("scanner/testdata/data/rexray-optional.yaml"),
		"rexray-optional.yaml": abs("scanner/testdata/data/rexray-optional.yaml"),
		"waivers.yaml":         abs("waivers/testdata/valid.yaml"),
	} {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("XDG_RUNTIME_DIR", filepath.Join(dir, "no-user-manager"))
	missing := filepath.Join(dir, "no-such-container")
	return map[string]string{
		"/mnt/image":            filepath.Join(fixtures, "master-2.2.1/root"),
		"/proc/1234/root":       missing,
		"unix:path=/proc/1234/": "unix:path=" + missing + "/",
	}
}

func substitute(arg string, ph map[string]string) string {
	for from, to := range ph {
		if arg == from {
			return to
		}
		if strings.HasPrefix(from, "unix:") {
			if rest, ok := strings.CutPrefix(arg, from); ok {
				return to + rest
			}
		}
	}
	return arg
}

// runnable reports whether an example reads only what the test has: a
// root or snapshot (not this host's / or its live manager), or a command
// that needs no node.
func runnable(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "catalog", "policy", "version":
		return true
	}
	for i, a := range args {
		if a == "--systemd" {
			return false
		}
		if (a == "--root" || a == "--snapshot") && i+1 < len(args) && args[i+1] != "/" && args[i+1] != "-" {
			if _, err := os.Stat(args[i+1]); err == nil {
				return true
			}
		}
	}
	return false
}

// execute runs the command tree as main does and returns the exit code
// and whether the error was a usage error.
func execute(ctx context.Context, args []string, stdin []byte) (stdout, stderr string, code int, usage bool) {
	var out, errb bytes.Buffer
	root := newRootCmd(bytes.NewReader(stdin), &out, &errb)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var ce *codeError
	usage = errors.As(err, &ce) && ce.usage
	code = exitCode(ctx, err, &errb)
	return out.String(), errb.String(), code, usage
}

func TestDocExamples(t *testing.T) {
	repo, err := os.Getwd() // the package directory is the module root
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ph := placeholders(t, dir)
	t.Chdir(dir) // outputs the examples write (results.sarif, node.json) land here
	updates := map[string][]string{}
	for _, page := range docPages {
		b, err := os.ReadFile(filepath.Join(repo, page))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(b), "\n")
		exs := parseExamples(page, lines)
		if len(exs) == 0 && page != "docs/conventions.md" {
			t.Errorf("%s: no command examples found; the extraction is broken", page)
		}
		for _, ex := range slices.Backward(exs) { // backwards: updates keep earlier line numbers
			got := runExample(t, ex, ph)
			if ex.shown == nil || got == nil {
				continue
			}
			if golden.Updating() {
				lines = slices.Replace(lines, ex.from, ex.to, indent(got, ex.indent)...)
				continue
			}
			if !matchShown(ex.shown, got) {
				t.Errorf("%s:%d: %s\nshown:\n%s\ngot:\n%s", ex.page, ex.line, ex.cmd,
					strings.Join(ex.shown, "\n"), strings.Join(got, "\n"))
			}
		}
		updates[page] = lines
	}
	if golden.Updating() {
		for page, lines := range updates {
			if err := os.WriteFile(filepath.Join(repo, page), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// runExample runs one example and returns its output as the page should
// show it (with "(exit N)" when not 0), or nil when it was only parsed.
func runExample(t *testing.T, ex example, ph map[string]string) []string {
	t.Helper()
	segments, redirect := words(ex.cmd)
	var stdin []byte
	var shown []string
	for _, seg := range segments {
		args, ok := dcosArgs(seg)
		if !ok {
			t.Errorf("%s:%d: %q: not a dcos-audit command", ex.page, ex.line, ex.cmd)
			return nil
		}
		for i := range args {
			args[i] = substitute(args[i], ph)
		}
		run := runnable(args)
		if !run && !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--timeout") }) {
			args = append(args, "--timeout", "5s") // a live manager that does not answer must not hang the test
		}
		stdout, stderr, code, usage := execute(t.Context(), args, stdin)
		if usage {
			t.Errorf("%s:%d: %s: usage error: %s", ex.page, ex.line, ex.cmd, stderr)
			return nil
		}
		if !run {
			return nil
		}
		if code != exitOK && code != exitFindings {
			t.Errorf("%s:%d: %s: exit %d: %s", ex.page, ex.line, ex.cmd, code, stderr)
			return nil
		}
		stdin = []byte(stdout)
		shown = strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
		// A page shows a non-zero code always, and 0 where it chose to.
		if code != exitOK || (len(ex.shown) > 0 && exitLine.MatchString(ex.shown[len(ex.shown)-1])) {
			shown = append(shown, fmt.Sprintf("(exit %d)", code))
		}
	}
	if redirect != "" {
		if err := os.WriteFile(redirect, stdin, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return shown
}

// matchShown compares shown output with what ran: lines equal in order,
// "..." standing for any lines (none included).
func matchShown(shown, got []string) bool {
	if len(shown) == 0 {
		return len(got) == 0
	}
	if shown[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchShown(shown[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && strings.TrimRight(shown[0], " ") == strings.TrimRight(got[0], " ") && matchShown(shown[1:], got[1:])
}

func indent(lines []string, prefix string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if l != "" {
			l = prefix + l
		}
		out[i] = l
	}
	return out
}

// TestDocExamplesExtraction pins the extraction itself, so that a page
// whose examples stop being found cannot pass by running nothing.
func TestDocExamplesExtraction(t *testing.T) {
	page := strings.Split("text `dcos-audit catalog --role slave --dcos-version 2.2.1` and `dcos-audit scan [--root DIR]`\n"+
		"\n"+
		"    $ dcos-audit policy test site/    # comment\n"+
		"    PASS: 1/1\n"+
		"    $ dcos-audit scan --root node/\n"+
		"    ...\n"+
		"    (exit 1)\n"+
		"\n"+
		"```sh\n"+
		"ssh node sudo dcos-audit gather | dcos-audit scan --snapshot -   # pipe\n"+
		"```\n", "\n")
	got := parseExamples("p.md", page)
	want := []example{
		{page: "p.md", line: 1, cmd: "dcos-audit catalog --role slave --dcos-version 2.2.1"},
		{page: "p.md", line: 3, cmd: "dcos-audit policy test site/", shown: []string{"PASS: 1/1"}, from: 3, to: 4, indent: "    "},
		{page: "p.md", line: 5, cmd: "dcos-audit scan --root node/", shown: []string{"...", "(exit 1)"}, from: 5, to: 7, indent: "    "},
		{page: "p.md", line: 10, cmd: "ssh node sudo dcos-audit gather | dcos-audit scan --snapshot -"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d examples, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
			t.Errorf("example %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	segs, redirect := words(`dcos-audit gather --root x > node.json`)
	if fmt.Sprint(segs) != "[[dcos-audit gather --root x]]" || redirect != "node.json" {
		t.Errorf("words: %q %q", segs, redirect)
	}
	if !matchShown([]string{"a", "...", "z"}, []string{"a", "b", "c", "z"}) || matchShown([]string{"a", "z"}, []string{"a", "b", "z"}) {
		t.Error("matchShown: ... must match any lines, and only ... may skip")
	}
}
