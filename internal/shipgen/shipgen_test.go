package main

import (
	"io"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

// TestGolden runs the generator over the fake packages tree in testdata:
// alpha copies an extra/ unit through envsubst into dcos.target.wants_master,
// beta writes a here-document with \$ and a build-time variable into
// dcos.target.wants.
func TestGolden(t *testing.T) {
	c, n, err := generate([]Release{{Name: "1.0.0", Tree: newDirTree("testdata/tree")}}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d constructs not interpreted, want 0: %v", n, c.Uninterpreted)
	}
	got, err := c.marshal()
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, got, "testdata/shipped.golden.json")
}

// fakeTree is an in-memory Tree for scripts written inline.
type fakeTree map[string]string

func (f fakeTree) ReadFile(name string) ([]byte, error) {
	if s, ok := f[name]; ok {
		return []byte(s), nil
	}
	return nil, fs.ErrNotExist
}

func (f fakeTree) ListFiles(dir string) ([]string, error) {
	var out []string
	for k := range f {
		if strings.HasPrefix(k, dir+"/") {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out, nil
}

// TestReportsWhatItCannotInterpret checks that unknown values and commands
// are reported rather than guessed.
func TestReportsWhatItCannotInterpret(t *testing.T) {
	tree := fakeTree{"packages/p/build": `
u="$PKG_PATH/dcos.target.wants/dcos-p.service"
cat <<EOF > "$u"
[Service]
Environment=JAVA_HOME=${JAVA_HOME}
ExecStart=$(which p)
EOF
ln -s /x "$PKG_PATH/dcos.target.wants_slave/dcos-q.service"
cp /pkg/extra/missing.service "$PKG_PATH/dcos.target.wants_master/"
`}
	units, problems, err := scanRelease(tree)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`packages/p/build:8: command not interpreted: ln -s /x "$PKG_PATH/dcos.target.wants_slave/dcos-q.service"`,
		`packages/p/build:9: source /pkg/extra/missing.service not found in packages/p/extra or earlier output`,
		`packages/p/build: dcos-p.service: unresolved build-time variable JAVA_HOME (kept as ${JAVA_HOME})`,
		`packages/p/build: dcos-p.service: command substitution $(which p) not evaluated`,
	}
	if strings.Join(problems, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
	if len(units) != 1 || strings.Join(units[0].directives, "|") != "Environment=JAVA_HOME=${JAVA_HOME}|ExecStart=$(which p)" {
		t.Errorf("units = %+v", units)
	}
}
