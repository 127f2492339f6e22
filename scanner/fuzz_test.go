package scanner

import (
	"testing"

	"github.com/dcos-audit/dcos-audit/facts"
)

// FuzzUnitContent: whatever a unit file sets, the comparison with what
// DC/OS ships (and every other rule) evaluates to findings, never to an
// error.
func FuzzUnitContent(f *testing.F) {
	s := newScanner(f)
	base := gather(f, "master-2.2.1")
	f.Add("Service", "ExecStart", "/tmp/.x/mesos-master --foo")
	f.Add("Socket", "SocketMode", "0666")
	f.Add("Service", "Environment", `"LD_PRELOAD=/x.so" PATH=`)
	f.Add("Service", "User", "")
	f.Fuzz(func(t *testing.T, section, key, value string) {
		snap := *base
		snap.Units = make([]facts.Unit, len(base.Units))
		copy(snap.Units, base.Units)
		u := snap.Units[0]
		file := *u.File
		file.Options = map[string]map[string][]string{section: {key: {value}}}
		u.File = &file
		snap.Units[0] = u
		if _, err := s.Scan(t.Context(), &snap); err != nil {
			t.Fatalf("[%s] %s=%q: %v", section, key, value, err)
		}
	})
}
