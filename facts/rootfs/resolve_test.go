package rootfs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
)

// tree builds a directory from a spec: "dir/" makes a directory, "a -> b" a
// symlink, anything else an empty file.
func tree(t *testing.T, spec ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, s := range spec {
		var err error
		switch name, target, link := cut(s, " -> "); {
		case link:
			must(t, os.MkdirAll(filepath.Dir(filepath.Join(root, name)), 0o755))
			err = os.Symlink(target, filepath.Join(root, name))
		case s[len(s)-1] == '/':
			err = os.MkdirAll(filepath.Join(root, s), 0o755)
		default:
			must(t, os.MkdirAll(filepath.Dir(filepath.Join(root, s)), 0o755))
			err = os.WriteFile(filepath.Join(root, s), nil, 0o644)
		}
		must(t, err)
	}
	return root
}

func cut(s, sep string) (string, string, bool) {
	for i := 0; i+len(sep) <= len(s); i++ {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestResolve(t *testing.T) {
	// A host file the resolver must never reach: absolute links are
	// re-anchored at the root, so /etc/hostname means <root>/etc/hostname.
	root := tree(t,
		"etc/systemd/system/a.service",
		"etc/systemd/system/abs.service -> /etc/systemd/system/a.service",
		"etc/systemd/system/rel.service -> ../system/a.service",
		"etc/systemd/system/chain.service -> abs.service",
		"etc/systemd/system/dangling.service -> /etc/systemd/system/gone.service",
		"etc/systemd/system/loop.service -> loop.service",
		"etc/systemd/system/pingpong.service -> pong.service",
		"etc/systemd/system/pong.service -> pingpong.service",
		"etc/systemd/system/escape.service -> ../../../../etc/passwd",
		"etc/systemd/system/deep-escape.service -> ../../../../../../../../../../x",
		"etc/systemd/system/dotdot-inside.service -> /../etc/systemd/system/a.service",
		"etc/hostname.link -> /etc/hostname",
		"opt/mesosphere/packages/pkg--1/dcos.target.wants/p.service",
		"opt/mesosphere/active/pkg -> ../packages/pkg--1",
		"etc/systemd/system/via-dir.service -> /opt/mesosphere/active/pkg/dcos.target.wants/p.service",
		"opt/mesosphere/etc -> /etc",
		"etc/systemd/system/masked.service -> /dev/null",
		"etc/systemd/system/masked-rel.service -> ../../../dev/./null",
		"etc/systemd/system/via-masked.service -> masked.service",
	)
	r, err := os.OpenRoot(root)
	must(t, err)
	defer r.Close()
	tests := []struct {
		path string
		want resolution
	}{
		{"etc/systemd/system/a.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"etc/systemd/system/abs.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"etc/systemd/system/rel.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"etc/systemd/system/chain.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"etc/systemd/system/via-dir.service", resolution{path: "opt/mesosphere/packages/pkg--1/dcos.target.wants/p.service", status: facts.LinkOK}},
		{"etc/systemd/system/dangling.service", resolution{path: "etc/systemd/system/gone.service", status: facts.LinkDangling}},
		{"etc/hostname.link", resolution{path: "etc/hostname", status: facts.LinkDangling}},
		{"etc/systemd/system/loop.service", resolution{path: "etc/systemd/system/loop.service", status: facts.LinkLoop}},
		{"etc/systemd/system/pingpong.service", resolution{path: "etc/systemd/system/pingpong.service", status: facts.LinkLoop}},
		{"etc/systemd/system/escape.service", resolution{status: facts.LinkEscapes}},
		{"etc/systemd/system/deep-escape.service", resolution{status: facts.LinkEscapes}},
		{"etc/systemd/system/dotdot-inside.service", resolution{status: facts.LinkEscapes}},
		{"opt/mesosphere/etc/systemd/system/a.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"/etc/systemd/system/a.service", resolution{path: "etc/systemd/system/a.service", status: facts.LinkOK}},
		{"etc/systemd/system/masked.service", resolution{path: "dev/null", status: facts.LinkMasked}},
		{"etc/systemd/system/masked-rel.service", resolution{path: "dev/null", status: facts.LinkMasked}},
		{"etc/systemd/system/via-masked.service", resolution{path: "dev/null", status: facts.LinkMasked}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got := resolve(DirFS(r), tt.path)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(resolution{})); diff != "" {
				t.Errorf("resolve(%q) (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}
