// Command fixturegen writes the DC/OS node root filesystems used as test
// fixtures (testdata/fixtures/<scenario>/root/).
//
//	go run ./internal/fixturegen -out testdata/fixtures
//
// Every fact comes from the dcos/dcos repository at the release tags: the
// unit sets from packages/*/build (checked against
// packages/dcos-integration-test/extra/test_composition.py), timers and
// services from the unit files in packages/*/extra, the on-disk layout from
// pkgpanda/__init__.py, gen/build_deploy/bash.py and gen/dcos-metadata.yaml.
// The unit sets are encoded in sets.go by hand and are independent of the
// project's own catalog, which the fixtures are meant to cross-check.
//
// The output is deterministic (no timestamps; ids are sha1 hashes of fixed
// strings). The generator removes and rewrites only the scenario directories
// listed in its own table plus README.md; anything else under -out is left
// alone. It needs no root privileges.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	out := flag.String("out", "testdata/fixtures", "fixtures directory to (re)write")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "fixturegen: -out must not be empty")
		os.Exit(2)
	}
	if err := generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "fixturegen:", err)
		os.Exit(1)
	}
}

// ---- in-memory tree ----

// node is a regular file (mode 0644) or a symlink. Directories are implied by
// the paths (mode 0755), so no empty directory is ever written: git could not
// store it.
type node struct {
	symlink bool
	target  string
	data    string
}

// tree maps slash-separated paths relative to the scenario directory
// (e.g. "root/etc/hostname") to nodes.
type tree map[string]node

func (t tree) file(p, data string) { t[mustRel(p)] = node{data: data} }
func (t tree) link(p, target string) {
	t[mustRel(p)] = node{symlink: true, target: target}
}

// remove deletes p and everything below it; it panics when nothing matched,
// so a mutation can never silently do nothing.
func (t tree) remove(p string) {
	n := 0
	for k := range t {
		if k == p || strings.HasPrefix(k, p+"/") {
			delete(t, k)
			n++
		}
	}
	if n == 0 {
		panic("remove: nothing at " + p)
	}
}

func (t tree) mustHave(p string) node {
	n, ok := t[p]
	if !ok {
		panic("missing " + p)
	}
	return n
}

func mustRel(p string) string {
	c := path.Clean(p)
	if c != p || path.IsAbs(p) || strings.HasPrefix(p, "../") || p == ".." {
		panic("bad tree path " + p)
	}
	return p
}

// ---- node layout (dcos/dcos pkgpanda/__init__.py, gen/build_deploy/bash.py) ----

const (
	sysd  = "root/etc/systemd/system"
	wants = sysd + "/dcos.target.wants"
)

func hostname(role, version string) string {
	prefix := map[string]string{roleMaster: "master", roleSlave: "agent", roleSlavePublic: "public-agent"}[role]
	return prefix + "-" + strings.ReplaceAll(version, ".", "-")
}

// versionJSON is /opt/mesosphere/etc/dcos-version.json (dcos/dcos
// gen/dcos-metadata.yaml); dcos-variant exists from 1.12.0 on.
func versionJSON(v string) string {
	var b strings.Builder
	b.WriteString("{\n")
	fmt.Fprintf(&b, "  \"version\": %q,\n", v)
	fmt.Fprintf(&b, "  \"dcos-image-commit\": %q,\n", hash40("dcos-image-commit-"+v))
	fmt.Fprintf(&b, "  \"bootstrap-id\": %q", hash40("bootstrap-id-"+v))
	if atLeast(v, "1.12.0") {
		b.WriteString(",\n  \"dcos-variant\": \"open\"")
	}
	b.WriteString("\n}\n")
	return b.String()
}

// linkedLayout: 1.7–1.10 wants entries point straight into the package
// directory; from 1.11.0 they point at a copy in /etc/systemd/system
// (dcos/dcos pkgpanda/__init__.py, class Systemd, from 1.11.0).
func linkedLayout(v string) bool { return !atLeast(v, "1.11.0") }

// buildNode lays out a correct node of a release and role.
func buildNode(v, role string) tree {
	set, ok := releaseSets[v]
	if !ok {
		panic("no unit set for " + v)
	}
	t := tree{}
	t.file("root/etc/hostname", hostname(role, v)+"\n")
	t.file("root/etc/mesosphere/roles/"+role, "")
	t.file("root/opt/mesosphere/etc/dcos-version.json", versionJSON(v))
	t.file(sysd+"/dcos.target", "[Install]\nWantedBy=multi-user.target\n")
	t.link(sysd+"/multi-user.target.wants/dcos.target", "/etc/systemd/system/dcos.target")
	for _, w := range set.units(role) {
		addUnit(t, w, v, role)
	}
	return t
}

// addUnit installs one wanted unit the way pkgpanda does for release v.
func addUnit(t tree, w wanted, v, role string) {
	text := unitText(w.unit, v, role)
	if linkedLayout(v) {
		pkg := packageOf(w.unit, v)
		id := pkgID(pkg, v)
		inPkg := "opt/mesosphere/packages/" + id + "/" + w.wantsDir + "/" + w.unit
		t.file("root/"+inPkg, text)
		t.link("root/opt/mesosphere/active/"+pkg, "../packages/"+id)
		t.link(wants+"/"+w.unit, "/"+inPkg)
		return
	}
	t.file(sysd+"/"+w.unit, text)
	t.link(wants+"/"+w.unit, "/etc/systemd/system/"+w.unit)
}

// ---- scenarios ----

type scenario struct {
	name   string
	what   string // base + deviation, for the README
	expect string // kind of finding expected, for the README
	build  func() tree
	// For correct nodes: release and role (used by tests).
	version, role string
}

const brokenBase = "agent-2.2.1"

func correctName(role, v string) string {
	return map[string]string{roleMaster: "master", roleSlave: "agent", roleSlavePublic: "public-agent"}[role] + "-" + v
}

func scenarios() []scenario {
	var out []scenario
	roleWords := map[string]string{roleMaster: "master", roleSlave: "private agent (role slave)", roleSlavePublic: "public agent (role slave_public)"}
	for _, v := range releaseOrder {
		roles := []string{roleMaster, roleSlave, roleSlavePublic}
		if v == "1.8.0" {
			roles = roles[:2] // 1.8.0: master and private agent only
		}
		for _, r := range roles {
			v, r := v, r
			n := len(releaseSets[v].units(r))
			out = append(out, scenario{
				name:    correctName(r, v),
				what:    fmt.Sprintf("correct DC/OS %s %s, %d units in dcos.target.wants", v, roleWords[r], n),
				expect:  "none: correct node",
				build:   func() tree { return buildNode(v, r) },
				version: v, role: r,
			})
		}
	}
	agent := func() tree { return buildNode("2.2.1", roleSlave) }
	add := func(name, base, deviation, expect string, build func() tree) {
		out = append(out, scenario{name: name, what: base + " " + deviation, expect: expect, build: build})
	}

	add("agent-with-public-unit", brokenBase, "plus dcos-mesos-slave-public.service (unit file and wants link)",
		"unit of another role (public-agent unit on a private agent)", func() tree {
			t := agent()
			addUnit(t, wanted{unit: "dcos-mesos-slave-public.service"}, "2.2.1", roleSlavePublic)
			return t
		})
	add("master-with-agent-unit", "master-2.2.1", "plus dcos-mesos-slave.service (unit file and wants link)",
		"unit of another role (agent unit on a master)", func() tree {
			t := buildNode("2.2.1", roleMaster)
			addUnit(t, wanted{unit: "dcos-mesos-slave.service"}, "2.2.1", roleSlave)
			return t
		})
	// Tamperings a security review looks for, one per fixture, each on a
	// stock 2.2.1 master whose units are what DC/OS ships.
	master := func() tree { return buildNode("2.2.1", roleMaster) }
	edit := func(t tree, unit, old, replacement string) {
		p := mustRel(sysd + "/" + unit)
		t[p] = node{data: replaceOnce(t.mustHave(p).data, old, replacement)}
	}
	add("master-exec-in-tmp", "master-2.2.1", "whose dcos-mesos-master.service runs ExecStart=/tmp/.x/mesos-master",
		"a DC/OS unit runs a program from /tmp, not the one its release ships", func() tree {
			t := master()
			edit(t, "dcos-mesos-master.service", "ExecStart=/opt/mesosphere/packages/mesos--"+hash40("mesos-2.2.1")+"/bin/start_mesos.sh", "ExecStart=/tmp/.x/mesos-master #")
			return t
		})
	add("master-marathon-as-root", "master-2.2.1", "whose dcos-marathon.service has no User= line",
		"a service DC/OS runs as dcos_marathon runs as root", func() tree {
			t := master()
			edit(t, "dcos-marathon.service", "User=dcos_marathon\n", "")
			return t
		})
	add("master-socket-0666", "master-2.2.1", "whose dcos-diagnostics.socket has SocketMode=0666",
		"a DC/OS socket opened to every local user", func() tree {
			t := master()
			edit(t, "dcos-diagnostics.socket", "SocketMode=0660", "SocketMode=0666")
			return t
		})
	add("master-ld-preload", "master-2.2.1", "plus a drop-in dcos-exhibitor.service.d/10-env.conf setting Environment=LD_PRELOAD=/usr/lib/libx.so",
		"a drop-in makes a DC/OS service load a library of someone else's choosing", func() tree {
			t := master()
			t.file(sysd+"/dcos-exhibitor.service.d/10-env.conf", "[Service]\nEnvironment=LD_PRELOAD=/usr/lib/libx.so\n")
			return t
		})
	add("agent-missing-required", brokenBase, "without dcos-net.service (neither wants link nor unit file)",
		"required unit missing", func() tree {
			t := agent()
			t.remove(wants + "/dcos-net.service")
			t.remove(sysd + "/dcos-net.service")
			return t
		})
	add("agent-missing-timer", brokenBase, "without dcos-logrotate-agent.timer (wants link and unit file removed; the service stays)",
		"required unit missing (a timer; its service is left without a trigger)", func() tree {
			t := agent()
			t.remove(wants + "/dcos-logrotate-agent.timer")
			t.remove(sysd + "/dcos-logrotate-agent.timer")
			return t
		})
	add("agent-timer-wrong-interval", brokenBase, "with dcos-logrotate-agent.timer OnUnitActiveSec=2h instead of 2min",
		"timer schedule differs from stock", func() tree {
			t := agent()
			p := sysd + "/dcos-logrotate-agent.timer"
			t.file(p, replaceOnce(t.mustHave(p).data, "OnUnitActiveSec=2min\n", "OnUnitActiveSec=2h\n"))
			return t
		})
	add("agent-timer-wrong-unit", brokenBase, "with dcos-gen-resolvconf.timer carrying Unit=dcos-logrotate-agent.service",
		"timer triggers the wrong unit", func() tree {
			t := agent()
			p := sysd + "/dcos-gen-resolvconf.timer"
			t.file(p, replaceOnce(t.mustHave(p).data, "[Timer]\n", "[Timer]\nUnit=dcos-logrotate-agent.service\n"))
			return t
		})
	add("agent-dangling-link", brokenBase, "with etc/systemd/system/dcos-rexray.service deleted (the wants link stays)",
		"dangling wants link (unit file missing)", func() tree {
			t := agent()
			t.remove(sysd + "/dcos-rexray.service")
			return t
		})
	add("agent-unparsable-unit", brokenBase, "with etc/systemd/system/dcos-telegraf.service replaced by garbage without a section header",
		"unit file cannot be parsed", func() tree {
			t := agent()
			t.mustHave(sysd + "/dcos-telegraf.service")
			t.file(sysd+"/dcos-telegraf.service", "this is not a unit file\n\x00\x01")
			return t
		})
	add("agent-no-role", brokenBase, "without the etc/mesosphere/roles directory (removed entirely, so etc/mesosphere is absent too: git cannot store an empty directory)",
		"node role unknown (no role file)", func() tree {
			t := agent()
			t.remove("root/etc/mesosphere/roles")
			return t
		})
	add("agent-two-roles", brokenBase, "with both etc/mesosphere/roles/slave and roles/slave_public",
		"ambiguous node role (more than one role file)", func() tree {
			t := agent()
			t.file("root/etc/mesosphere/roles/"+roleSlavePublic, "")
			return t
		})
	add("agent-not-a-unit", brokenBase, "plus a regular file dcos.target.wants/README.txt",
		"entry in dcos.target.wants that is not a unit", func() tree {
			t := agent()
			t.file(wants+"/README.txt", "Units in this directory are started with dcos.target.\n")
			return t
		})
	add("agent-unknown-unit", brokenBase, "plus dcos-acme-sidecar.service (unit file and wants link)",
		"unknown (foreign) unit", func() tree {
			t := agent()
			t.file(sysd+"/dcos-acme-sidecar.service", render(
				section{"Unit", []string{"Description=ACME Sidecar: renews TLS certificates for local services"}},
				section{"Service", []string{
					"EnvironmentFile=/opt/mesosphere/environment",
					"ExecStart=/opt/acme/bin/acme-sidecar --renew",
					"Restart=always",
				}},
			))
			t.link(wants+"/dcos-acme-sidecar.service", "/etc/systemd/system/dcos-acme-sidecar.service")
			return t
		})
	add("agent-old-version-unit", brokenBase, "plus dcos-spartan.service with its 1.10.11 content (unit file and wants link; removed in 1.11.0)",
		"unit of another DC/OS release (obsolete unit)", func() tree {
			t := agent()
			t.file(sysd+"/dcos-spartan.service", unitText("dcos-spartan.service", "1.10.11", roleSlave))
			t.link(wants+"/dcos-spartan.service", "/etc/systemd/system/dcos-spartan.service")
			return t
		})
	add("agent-link-loop", brokenBase, "with etc/systemd/system/dcos-rexray.service replaced by a symlink to itself (absolute target /etc/systemd/system/dcos-rexray.service)",
		"symlink loop (unit file cannot be resolved)", func() tree {
			t := agent()
			t.mustHave(sysd + "/dcos-rexray.service")
			t.link(sysd+"/dcos-rexray.service", "/etc/systemd/system/dcos-rexray.service")
			return t
		})
	add("agent-masked-unit", brokenBase, "with etc/systemd/system/dcos-fluent-bit.service replaced by a symlink to /dev/null (systemctl mask)",
		"wanted unit is masked", func() tree {
			t := agent()
			t.mustHave(sysd + "/dcos-fluent-bit.service")
			t.link(sysd+"/dcos-fluent-bit.service", "/dev/null")
			return t
		})
	add("agent-escaping-link", brokenBase, "with the wants entry dcos-rexray.service a relative symlink ../../../../../../../../../etc/dcos-rexray.service that climbs above the root",
		"wants link escapes the node root", func() tree {
			t := agent()
			t.mustHave(wants + "/dcos-rexray.service")
			t.link(wants+"/dcos-rexray.service", "../../../../../../../../../etc/dcos-rexray.service")
			return t
		})
	add("agent-dropin", brokenBase, "plus etc/systemd/system/dcos-mesos-slave.service.d/override.conf setting [Service] Environment=FOO=bar",
		"drop-in override of a DC/OS unit (not managed by pkgpanda)", func() tree {
			t := agent()
			t.file(sysd+"/dcos-mesos-slave.service.d/override.conf", "[Service]\nEnvironment=FOO=bar\n")
			return t
		})
	add("agent-version-unknown", brokenBase, "without opt/mesosphere/etc/dcos-version.json (a 1.11+ fixture has nothing else under opt/, so opt/ is absent)",
		"DC/OS version unknown (version file missing)", func() tree {
			t := agent()
			t.remove("root/opt/mesosphere/etc/dcos-version.json")
			return t
		})
	add("agent-bad-version-file", brokenBase, "whose opt/mesosphere/etc/dcos-version.json is \"{not json\"",
		"DC/OS version unreadable (invalid JSON)", func() tree {
			t := agent()
			t.mustHave("root/opt/mesosphere/etc/dcos-version.json")
			t.file("root/opt/mesosphere/etc/dcos-version.json", "{not json")
			return t
		})
	add("agent-implant", brokenBase, "plus a unit dcos-metrics-helper.service, wanted by dcos.target, that runs /tmp/.x/implant",
		"a foreign unit among DC/OS's that runs a program from /tmp", func() tree {
			t := agent()
			t.file(sysd+"/dcos-metrics-helper.service", "[Unit]\nDescription=Metrics helper\n[Service]\nExecStart=/tmp/.x/implant --quiet\n")
			t.link(wants+"/dcos-metrics-helper.service", "/etc/systemd/system/dcos-metrics-helper.service")
			return t
		})
	add("agent-upgrade-leftover", brokenBase, "plus a leftover etc/systemd/system/dcos.target.wants.new/ holding one symlink (dcos-mesos-slave.service → /etc/systemd/system/dcos-mesos-slave.service)",
		"leftover of an interrupted upgrade (pkgpanda's \"Broken past deploy\")", func() tree {
			t := agent()
			t.link(sysd+"/dcos.target.wants.new/dcos-mesos-slave.service", "/etc/systemd/system/dcos-mesos-slave.service")
			return t
		})
	return out
}

func replaceOnce(s, old, replacement string) string {
	if strings.Count(s, old) != 1 {
		panic(fmt.Sprintf("replaceOnce: %q occurs %d times", old, strings.Count(s, old)))
	}
	return strings.Replace(s, old, replacement, 1)
}

// ---- writing ----

func generate(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	scs := scenarios()
	seen := map[string]bool{}
	for _, sc := range scs {
		if seen[sc.name] || sc.name == "" || strings.ContainsAny(sc.name, `/\`) || sc.name == "." || sc.name == ".." {
			return fmt.Errorf("bad or duplicate scenario name %q", sc.name)
		}
		seen[sc.name] = true
	}
	for _, sc := range scs {
		dir := filepath.Join(out, sc.name)
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := writeTree(dir, sc.build()); err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
	}
	readme := filepath.Join(out, "README.md")
	if err := os.WriteFile(readme, []byte(readmeText(scs)), 0o644); err != nil {
		return err
	}
	return os.Chmod(readme, 0o644)
}

func writeTree(dir string, t tree) error {
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := t[k]
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if n.symlink {
			if err := os.Symlink(n.target, p); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(p, []byte(n.data), 0o644); err != nil {
			return err
		}
		// Explicit chmod: the result must not depend on the umask.
		if err := os.Chmod(p, 0o644); err != nil {
			return err
		}
	}
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o755)
		}
		return nil
	})
}

func readmeText(scs []scenario) string {
	var b strings.Builder
	b.WriteString(`# DC/OS node fixtures

Generated by ` + "`internal/fixturegen`" + ` — do not edit by hand. Regenerate from the repository root with

    go run ./internal/fixturegen -out testdata/fixtures

` + "`go test ./internal/fixturegen/`" + ` fails when this tree is stale.

Each ` + "`<scenario>/root/`" + ` is the root filesystem of one DC/OS (open source) node, laid out as
pkgpanda installs it: ` + "`etc/hostname`" + `, the empty role file ` + "`etc/mesosphere/roles/<role>`" + `,
` + "`opt/mesosphere/etc/dcos-version.json`" + `, ` + "`etc/systemd/system/dcos.target`" + ` (enabled through
` + "`multi-user.target.wants`" + `) and the ` + "`dcos.target.wants`" + ` entries. In 1.8–1.10 those entries are
absolute symlinks into ` + "`/opt/mesosphere/packages/<pkg>--<id>/dcos.target.wants[_<role>]/`" + ` (with
` + "`/opt/mesosphere/active/<pkg>`" + ` links); from 1.11 on they are absolute symlinks to regular
files in ` + "`/etc/systemd/system/`" + `. Unit sets follow dcos/dcos ` + "`packages/*/build`" + ` at each tag exactly; package ids, image
commits and bootstrap ids are sha1 stand-ins. Symlink targets are meant to be resolved
relative to ` + "`root/`" + `, never on the host. 1.11+ fixtures carry no package directories (the
unit copies in ` + "`/etc/systemd/system/`" + ` are what systemd reads); ExecStart paths point at them anyway.

Broken variants differ from the named correct node by exactly one deviation.

## Scenarios

`)
	for _, sc := range scs {
		fmt.Fprintf(&b, "- `%s` — %s — expected finding: %s\n", sc.name, sc.what, sc.expect)
	}
	return b.String()
}
