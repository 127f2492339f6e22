package unitfile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coreos/go-systemd/v22/unit"
)

func TestProbe(t *testing.T) {
	for _, in := range []string{
		"[Service]\nExecStart=/bin/echo a \\\n  b\n",
		"[Service]\nExecStart=/bin/echo a \\\n# c\n  b\n",
		"# c \\\n[Service]\nA=1\n",
		"[Service]\n# c \\\nA=1\n",
		"[Service]\nA=x\\\\\nB=2\n",
		"[Service]\nA=x\\",
		"[Service]\nA=x\\\n",
		"Foo=bar\n",
		"Foo=[bar]\nA=1\n",
		"[Unit\nA=1]\n",
		"[Service]\nFoo\n",
		"[Service]\nFoo",
		"[Service]\n=bar\n",
		"[Unit] x\n",
		"[Unit]\nA=\x00\xff\n",
		"\x00\x01\x02garbage",
		"\xef\xbb\xbf[Unit]\nA=1\n",
		"[Unit]\nA=" + strings.Repeat("x", 3000) + "\n",
		"[Unit]\nA=1\n[Unit\n",
		"",
		"[Unit]\r\nA=1\r\n",
		"[Unit]\nA=1\r2\n",
		"[Unit]\nA\r=1\n",
		"[Unit]\n  A =  1  \n",
	} {
		opts, err := unit.DeserializeOptions(strings.NewReader(in))
		var b strings.Builder
		for _, o := range opts {
			fmt.Fprintf(&b, "[%q %q %q] ", o.Section, o.Name, o.Value)
		}
		s := in
		if len(s) > 60 {
			s = s[:60]
		}
		t.Logf("in=%q\n   opts=%s err=%v", s, b.String(), err)
	}
}
