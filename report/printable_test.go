package report

import "testing"

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"dcos-mesos-slave.service", "dcos-mesos-slave.service"},
		{`dev-disk-by\x2duuid.device`, `dev-disk-by\x2duuid.device`},
		{"héllo wörld ✓ 日本", "héllo wörld ✓ 日本"},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\a`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\nb\tc\rd\x00e\x7f", `a\nb\tc\rd\x00e\x7f`},
		{"\u009b31m \u0080 \u009f", `\u009b31m \u0080 \u009f`},
		{"abc\u202edcba\u202c \u2066x\u2069", `abc\u202edcba\u202c \u2066x\u2069`},
		{"bad \xff\xc2 utf-8", `bad \xff\xc2 utf-8`},
		{"\ufffd is kept", "\ufffd is kept"},
		{"\u200b\u00a0", "\u200b\u00a0"}, // not controls: left alone
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := printable("a\nb\x1b\tc", "\n\t"), "a\nb\\x1b\tc"; got != want {
		t.Errorf("printable keeping \\n and \\t = %q, want %q", got, want)
	}
}
