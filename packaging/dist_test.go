// Package packaging holds the nfpm configuration of the .deb and .rpm
// packages and the tool module that pins nfpm; its test builds them the way
// `make dist` does and installs them.
package packaging

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	version    = "v9.8.7"
	pkgVersion = "9.8.7"
	commit     = "0123456789abcdef0123456789abcdef01234567"
)

// installed is what both packages put on a node.
var installed = []string{
	"/usr/bin/dcos-audit",
	"/usr/lib/systemd/system/dcos-audit.service",
	"/usr/lib/systemd/system/dcos-audit.timer",
	"/usr/share/dcos-audit/telegraf/dcos-audit.conf",
	"/usr/share/doc/dcos-audit/README.md",
	"/usr/share/doc/dcos-audit/rules.md",
}

// TestDist runs scripts/dist.sh with a stamped version and checks what it
// made: static binaries for both architectures, a .deb that installs and
// runs a scan from its installed path, and an .rpm whose file list rpm
// reads. Installing needs root (CI runs as root); set
// DCOS_AUDIT_SKIP_PACKAGES=1 to skip this test elsewhere.
func TestDist(t *testing.T) {
	if os.Getenv("DCOS_AUDIT_SKIP_PACKAGES") != "" {
		t.Skip("DCOS_AUDIT_SKIP_PACKAGES is set")
	}
	for _, tool := range []string{"dpkg", "dpkg-deb", "rpm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install it (apt-get install dpkg rpm) or set DCOS_AUDIT_SKIP_PACKAGES=1", tool)
		}
	}
	if os.Geteuid() != 0 {
		t.Fatal("installing the .deb needs root: run as root (as CI does) or set DCOS_AUDIT_SKIP_PACKAGES=1")
	}
	if err := exec.Command("dpkg", "-s", "dcos-audit").Run(); err == nil {
		t.Fatal("a dcos-audit package is already installed on this machine: remove it (dpkg -r dcos-audit) " +
			"or set DCOS_AUDIT_SKIP_PACKAGES=1")
	}

	dist := t.TempDir()
	cmd := exec.Command("../scripts/dist.sh")
	cmd.Env = append(os.Environ(), "DIST="+dist, "VERSION="+version, "COMMIT="+commit)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/dist.sh: %v\n%s", err, out)
	}

	for arch, machine := range map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64} {
		checkStatic(t, filepath.Join(dist, "dcos-audit-linux-"+arch), machine)
	}
	checkRPM(t, filepath.Join(dist, "dcos-audit-"+pkgVersion+"-1.x86_64.rpm"), "x86_64")
	checkRPM(t, filepath.Join(dist, "dcos-audit-"+pkgVersion+"-1.aarch64.rpm"), "aarch64")
	if arch := output(t, "dpkg-deb", "-f", filepath.Join(dist, "dcos-audit_"+pkgVersion+"_arm64.deb"), "Architecture"); arch != "arm64" {
		t.Errorf("arm64 .deb: Architecture %q", arch)
	}
	installDeb(t, filepath.Join(dist, "dcos-audit_"+pkgVersion+"_amd64.deb"))
}

// checkStatic: the right architecture, and nothing for a dynamic loader to
// do, so the binary alone runs on CentOS/RHEL and CoreOS.
func checkStatic(t *testing.T, path string, machine elf.Machine) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Machine != machine {
		t.Errorf("%s: machine %v, want %v", path, f.Machine, machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("%s: dynamically linked (%v)", path, p.Type)
		}
	}
}

func checkRPM(t *testing.T, path, arch string) {
	t.Helper()
	if got, want := output(t, "rpm", "-qp", "--qf", "%{NAME} %{VERSION} %{ARCH}", path), "dcos-audit "+pkgVersion+" "+arch; got != want {
		t.Errorf("%s: %q, want %q", path, got, want)
	}
	files := strings.Split(output(t, "rpm", "-qlp", path), "\n")
	for _, want := range installed {
		if !slices.Contains(files, want) {
			t.Errorf("%s lacks %s; it holds:\n%s", path, want, strings.Join(files, "\n"))
		}
	}
}

// installDeb installs the package on this machine, runs the installed
// binary, and removes the package again.
func installDeb(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("dpkg", "-i", path).CombinedOutput(); err != nil {
		t.Fatalf("dpkg -i: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("dpkg", "--purge", "dcos-audit").CombinedOutput(); err != nil {
			t.Errorf("dpkg --purge: %v\n%s", err, out)
		}
		if _, err := os.Stat("/usr/bin/dcos-audit"); !os.IsNotExist(err) {
			t.Errorf("/usr/bin/dcos-audit is still there after dpkg --purge (%v)", err)
		}
	})
	files := strings.Split(output(t, "dpkg", "-L", "dcos-audit"), "\n")
	for _, want := range installed {
		if !slices.Contains(files, want) {
			t.Errorf("the .deb did not install %s", want)
		}
	}
	if got, want := output(t, "/usr/bin/dcos-audit", "version"), "dcos-audit "+version+" (commit "+commit+")"; got != want {
		t.Errorf("installed dcos-audit version: %q, want %q", got, want)
	}
	// The installed binary stands alone: embedded policies and catalog.
	scan := exec.Command("/usr/bin/dcos-audit", "scan", "--root", "../testdata/fixtures/agent-2.2.1/root", "--format", "json")
	if out, err := scan.CombinedOutput(); err != nil || !strings.Contains(string(out), `"findings": []`) {
		t.Errorf("installed dcos-audit scan of a clean agent: %v\n%s", err, out)
	}
}

func output(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out))
}
