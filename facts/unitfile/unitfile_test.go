package unitfile

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKind(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"dcos-net.service", "service"},
		{"dcos-signal.timer", "timer"},
		{"dcos.target", "target"},
		{"dcos-metrics-agent.socket", "socket"},
		{"var-lib-docker.mount", "mount"},
		{"proc-sys-fs-binfmt_misc.automount", "automount"},
		{"swapfile.swap", "swap"},
		{"dcos-gen-resolvconf.path", "path"},
		{"system-dcos.slice", "slice"},
		{"session-1.scope", "scope"},
		{`dev-disk-by\x2dlabel-root.device`, "device"},
		{"foo@bar.service", "service"},
		{"foo@.service", "service"},
		{"a.b.c.service", "service"},
		{"x:y_z.timer", "timer"},
		{"README", ""},
		{"", ""},
		{"x.service.bak", ""},
		{".service", ""},
		{"foo.", ""},
		{"foo.Service", ""},
		{"foo.conf", ""},
		{"@foo.service", ""},
		{"a@b@c.service", ""},
		{"foo bar.service", ""},
		{"foo/bar.service", ""},
		{"föö.service", ""},
		{strings.Repeat("a", 247) + ".service", "service"}, // 255 bytes
		{strings.Repeat("a", 248) + ".service", ""},        // 256 bytes
	}
	for _, tt := range tests {
		if got := Kind(tt.name); got != tt.want {
			t.Errorf("Kind(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// errLoc is where a ParseError points; tests compare these, not messages.
type errLoc struct {
	Path string
	Line int
}

// parseErrors lists the *ParseError values joined in err.
func parseErrors(t *testing.T, err error) []errLoc {
	t.Helper()
	if err == nil {
		return nil
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var locs []errLoc
	for _, e := range errs {
		var pe *ParseError
		if !errors.As(e, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", e, e)
		}
		locs = append(locs, errLoc{pe.Path, pe.Line})
	}
	return locs
}

func file(path, data string) File { return File{Path: path, Data: []byte(data)} }

func TestParse(t *testing.T) {
	const main = "etc/systemd/system/x.service"
	const dropA = "etc/systemd/system/x.service.d/10-a.conf"
	const dropB = "etc/systemd/system/x.service.d/20-b.conf"
	tests := []struct {
		name    string
		files   []File
		want    Options
		wantErr []errLoc
	}{
		{
			name:  "no files",
			files: nil,
			want:  Options{},
		},
		{
			name:  "empty file",
			files: []File{file(main, "")},
			want:  Options{},
		},
		{
			name:  "comments and blank lines only",
			files: []File{file(main, "# a\n; b\n\n   # c\n")},
			want:  Options{},
		},
		{
			name: "sections, comments, whitespace",
			files: []File{file(main, "# comment\n; other comment\n[Unit]\nDescription = DC/OS Net \n\n"+
				"[Service]\n  Restart=always\nExecStart=/opt/mesosphere/bin/dcos-net # not a comment\n")},
			want: Options{
				"Unit":    {"Description": {"DC/OS Net"}},
				"Service": {"Restart": {"always"}, "ExecStart": {"/opt/mesosphere/bin/dcos-net # not a comment"}},
			},
		},
		{
			name:  "repeated key appends, repeated section merges",
			files: []File{file(main, "[Service]\nEnvironment=A=1\n[Unit]\nAfter=a\n[Service]\nEnvironment=B=2\n")},
			want: Options{
				"Service": {"Environment": {"A=1", "B=2"}},
				"Unit":    {"After": {"a"}},
			},
		},
		{
			name: "drop-in appends",
			files: []File{
				file(main, "[Service]\nExecStartPre=/bin/a\n"),
				file(dropA, "[Service]\nExecStartPre=/bin/b\n[Unit]\nRequires=c.service\n"),
			},
			want: Options{
				"Service": {"ExecStartPre": {"/bin/a", "/bin/b"}},
				"Unit":    {"Requires": {"c.service"}},
			},
		},
		{
			name: "empty assignment resets the list",
			files: []File{
				file(main, "[Service]\nExecStartPre=/bin/a\nExecStartPre=/bin/b\n"),
				file(dropA, "[Service]\nExecStartPre=\nExecStartPre=/bin/c\n"),
			},
			want: Options{"Service": {"ExecStartPre": {"/bin/c"}}},
		},
		{
			name: "reset with nothing after leaves an empty list",
			files: []File{
				file(main, "[Service]\nExecStartPre=/bin/a\n"),
				file(dropA, "[Service]\nExecStartPre=   \n"),
			},
			want: Options{"Service": {"ExecStartPre": {}}},
		},
		{
			name: "later drop-in wins for a single-valued setting by being last",
			files: []File{
				file(main, "[Service]\nRestart=always\n"),
				file(dropA, "[Service]\nRestart=on-failure\n"),
				file(dropB, "[Service]\nRestart=no\n"),
			},
			want: Options{"Service": {"Restart": {"always", "on-failure", "no"}}},
		},
		{
			name:  "continuation becomes a space, next line's indent kept",
			files: []File{file(main, "[Service]\nExecStart=/bin/echo a \\\n  b\nRestart=always\n")},
			want:  Options{"Service": {"ExecStart": {"/bin/echo a    b"}, "Restart": {"always"}}},
		},
		{
			name:  "continuation over several lines",
			files: []File{file(main, "[Service]\nExecStart=/bin/x\\\n--a\\\n--b\n")},
			want:  Options{"Service": {"ExecStart": {"/bin/x --a --b"}}},
		},
		{
			name:  "comment lines inside a continuation are dropped",
			files: []File{file(main, "[Service]\nExecStart=one \\\n# c\n  ; d\n two\n")},
			want:  Options{"Service": {"ExecStart": {"one   two"}}},
		},
		{
			name:  "a comment ending in a backslash does not continue",
			files: []File{file(main, "[Service]\n# c \\\nRestart=always\n")},
			want:  Options{"Service": {"Restart": {"always"}}},
		},
		{
			name:  "continuation at end of file",
			files: []File{file(main, "[Service]\nExecStart=/bin/x \\")},
			want:  Options{"Service": {"ExecStart": {"/bin/x"}}},
		},
		{
			name:  "continuation ended by a blank line",
			files: []File{file(main, "[Service]\nExecStart=/bin/x \\\n\nRestart=always\n")},
			want:  Options{"Service": {"ExecStart": {"/bin/x"}, "Restart": {"always"}}},
		},
		{
			name:  "escaped backslash at end of line does not continue",
			files: []File{file(main, "[Service]\nA=x\\\\\nB=2\nC=y\\\\\\\nz\n")},
			want:  Options{"Service": {"A": {`x\\`}, "B": {"2"}, "C": {`y\\ z`}}},
		},
		{
			name:  "a continued value may hold brackets",
			files: []File{file(main, "[Service]\nA=x \\\n[Unit]\nB=1\n")},
			want:  Options{"Service": {"A": {"x  [Unit]"}, "B": {"1"}}},
		},
		{
			name:  "CRLF line ends",
			files: []File{file(main, "[Unit]\r\nDescription=x\r\nAfter=a \\\r\n b\r\n")},
			want:  Options{"Unit": {"Description": {"x"}, "After": {"a   b"}}},
		},
		{
			name:  "byte order mark",
			files: []File{file(main, "\xef\xbb\xbf[Unit]\nDescription=x\n")},
			want:  Options{"Unit": {"Description": {"x"}}},
		},
		{
			name:    "no section at all",
			files:   []File{file(main, "Description=x\n")},
			want:    Options{},
			wantErr: []errLoc{{main, 1}},
		},
		{
			name:    "text before the first section",
			files:   []File{file(main, "# ok\nFoo=[bar]\n[Unit]\nA=1\n")},
			want:    Options{},
			wantErr: []errLoc{{main, 2}},
		},
		{
			name:    "binary garbage",
			files:   []File{file(main, "\x00\x01\x02garbage\xff")},
			want:    Options{},
			wantErr: []errLoc{{main, 1}},
		},
		{
			name:    "invalid UTF-8 keeps what came before",
			files:   []File{file(main, "[Unit]\nA=1\nB=\xff\xfe\nC=3\n")},
			want:    Options{"Unit": {"A": {"1"}}},
			wantErr: []errLoc{{main, 3}},
		},
		{
			name:    "NUL inside a continuation drops the whole assignment",
			files:   []File{file(main, "[Unit]\nA=1\nB=x \\\ny\x00\n")},
			want:    Options{"Unit": {"A": {"1"}}},
			wantErr: []errLoc{{main, 4}},
		},
		{
			name:    "section header not closed on its line",
			files:   []File{file(main, "[Unit]\nA=1\n[Service\nB=2]\n")},
			want:    Options{"Unit": {"A": {"1"}}},
			wantErr: []errLoc{{main, 3}},
		},
		{
			name:    "missing key",
			files:   []File{file(main, "[Unit]\n=x\n")},
			want:    Options{},
			wantErr: []errLoc{{main, 2}},
		},
		{
			name:    "go-systemd: garbage after section name",
			files:   []File{file(main, "[Unit] x\nA=1\n")},
			want:    Options{},
			wantErr: []errLoc{{main, 0}},
		},
		{
			name:    "go-systemd: missing '=' keeps what came before",
			files:   []File{file(main, "[Unit]\nA=1\nFoo\nB=2\n")},
			want:    Options{"Unit": {"A": {"1"}}},
			wantErr: []errLoc{{main, 0}},
		},
		{
			name:    "go-systemd: missing '=' on the last line without newline",
			files:   []File{file(main, "[Unit]\nFoo")},
			want:    Options{},
			wantErr: []errLoc{{main, 0}},
		},
		{
			name:    "go-systemd: line too long",
			files:   []File{file(main, "[Unit]\nA="+strings.Repeat("x", 3000)+"\n")},
			want:    Options{},
			wantErr: []errLoc{{main, 0}},
		},
		{
			name: "a broken file does not stop the ones after it",
			files: []File{
				file(main, "[Service]\nRestart=always\n"),
				file(dropA, "\x00\x00\x00\x00"),
				file(dropB, "[Service]\nRestart=no\n"),
			},
			want:    Options{"Service": {"Restart": {"always", "no"}}},
			wantErr: []errLoc{{dropA, 1}},
		},
		{
			name: "every broken file is reported",
			files: []File{
				file(main, "Restart=always\n"),
				file(dropA, "[Service]\nRestart=no\n"),
				file(dropB, "[Service] x\n"),
			},
			want:    Options{"Service": {"Restart": {"no"}}},
			wantErr: []errLoc{{main, 1}, {dropB, 0}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.files...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse() options mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantErr, parseErrors(t, err)); diff != "" {
				t.Errorf("Parse() errors mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

// TestParseErrorMessage checks that a message names the file and keeps
// go-systemd's reason, since the message goes into the snapshot as is.
func TestParseErrorMessage(t *testing.T) {
	tests := []struct {
		data string
		want string
	}{
		{"[Unit] x\n", `parse etc/systemd/system/x.service: found garbage after section name : "x"`},
		{"[Unit]\nFoo\n", "parse etc/systemd/system/x.service: unexpected newline encountered while parsing option name"},
		{"[Unit]\nFoo", "parse etc/systemd/system/x.service: unexpected newline encountered while parsing option name"},
		{"Foo=bar\n", `parse etc/systemd/system/x.service: line 1: text before the first section header: "Foo=bar"`},
		{"[Unit]\n\x00", "parse etc/systemd/system/x.service: line 2: NUL byte: not a text file"},
	}
	for _, tt := range tests {
		_, err := Parse(file("etc/systemd/system/x.service", tt.data))
		if err == nil {
			t.Errorf("Parse(%q) error = nil, want %q", tt.data, tt.want)
			continue
		}
		if got := err.Error(); got != tt.want {
			t.Errorf("Parse(%q) error = %q, want %q", tt.data, got, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	seeds := []string{
		"",
		"[Unit]\nDescription=DC/OS Net\nAfter=dcos-setup.service\n\n[Service]\nRestart=always\nExecStart=/opt/mesosphere/bin/dcos-net\n",
		"[Timer]\nOnBootSec=2min\nOnUnitActiveSec=2min\n[Install]\nWantedBy=dcos.target\n",
		"[Service]\nExecStart=/bin/echo a \\\n# c\n  b\nExecStartPre=\n",
		"[Unit] x\n[Service\nFoo\n=bar\n",
		"\xef\xbb\xbf[Unit]\r\nA=x\\\\\r\nB=\xff\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s), []byte("[Service]\nRestart=no\n"))
	}
	f.Fuzz(func(t *testing.T, main, dropIn []byte) {
		got, err := Parse(File{Path: "x.service", Data: main}, File{Path: "x.service.d/a.conf", Data: dropIn})
		if got == nil {
			t.Fatal("Parse returned nil Options")
		}
		parseErrors(t, err) // every error is a *ParseError
		for section, keys := range got {
			if strings.ContainsAny(section, "\n") {
				t.Errorf("section %q holds a newline", section)
			}
			for key, values := range keys {
				if key == "" || strings.ContainsAny(key, "\n=") {
					t.Errorf("bad key %q in [%s]", key, section)
				}
				for _, v := range values {
					if v == "" || v != strings.TrimSpace(v) || strings.Contains(v, "\n") {
						t.Errorf("[%s] %s: value %q is empty, untrimmed or multi-line", section, key, v)
					}
				}
			}
		}
	})
}
