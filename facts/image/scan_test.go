package image

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/dcos-audit/dcos-audit/scanner"
)

// A docker save archive whose top layer whiteouts a wanted timer draws the
// missing-timer finding; the same image without that layer is clean.
func TestScanDockerSaveWithWhiteout(t *testing.T) {
	base := gz(t, tarOf(t, treeOf(t, fixture)))
	top := tarOf(t, []tfile{{name: "etc/systemd/system/dcos.target.wants/.wh.dcos-logrotate-agent.timer"}})
	archive := func(layers ...string) string {
		manifest, _ := json.Marshal([]map[string]any{{"Config": "cfg.json", "Layers": layers}})
		tars := [][]byte{base, top}[:len(layers)]
		files := []tfile{{name: "cfg.json", body: config(t, tars...)}, {name: "manifest.json", body: string(manifest)}, {name: "base.tar", body: string(base)}}
		if len(layers) > 1 {
			files = append(files, tfile{name: "top.tar", body: string(top)})
		}
		return write(t, t.TempDir(), "node.tar", tarOf(t, files))
	}
	sc, err := scanner.New(t.Context(), scanner.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		layers []string
		want   []string
	}{
		{[]string{"base.tar"}, nil},
		{[]string{"base.tar", "top.tar"}, []string{"DCOS-T001 dcos-logrotate-agent.timer"}},
	} {
		rep, err := sc.Scan(t.Context(), gather(t, archive(tt.layers...)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.RuleID+" "+f.Unit)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("layers %v: findings %v, want %v", tt.layers, got, tt.want)
		}
	}
}
