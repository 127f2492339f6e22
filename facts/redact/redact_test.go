package redact

import (
	"strings"
	"testing"
)

func TestOption(t *testing.T) {
	tests := []struct{ section, name, value, want string }{
		// Secret-named assignments inside Environment=, quoted or not.
		{"Service", "Environment", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG", "AWS_SECRET_ACCESS_KEY=<redacted>"},
		{"Service", "Environment", `"DB_PASSWORD=hunter 2" PATH=/opt/bin`, `"DB_PASSWORD=<redacted>" PATH=/opt/bin`},
		{"Service", "Environment", "GITHUB_TOKEN='ghp_abc' LANG=C", "GITHUB_TOKEN=<redacted> LANG=C"},
		{"Service", "Environment", "SSL_KEY=/run/key.pem JAVA_HOME=/opt/java", "SSL_KEY=<redacted> JAVA_HOME=/opt/java"},
		// Where a secret is kept is not a secret.
		{"Service", "Environment", "SECRET_KEY_FILE_PATH=/var/lib/dcos/x AUTH_ERROR_PAGE_DIR_PATH=/opt/x", "SECRET_KEY_FILE_PATH=/var/lib/dcos/x AUTH_ERROR_PAGE_DIR_PATH=/opt/x"},
		// Harmless settings stay as they are.
		{"Service", "Environment", "LD_PRELOAD=/tmp/x.so PATH=/usr/bin", "LD_PRELOAD=/tmp/x.so PATH=/usr/bin"},
		{"Service", "ExecStart", "/opt/mesosphere/bin/mesos-master --port=5050 --log_dir=/var/log", "/opt/mesosphere/bin/mesos-master --port=5050 --log_dir=/var/log"},
		{"Service", "User", "dcos_marathon", "dcos_marathon"},
		// Secret-named flags, joined or apart.
		{"Service", "ExecStart", "/bin/app --db-password=s3cr3t --port 80", "/bin/app --db-password=<redacted> --port 80"},
		{"Service", "ExecStart", "/bin/app --token abcdef123 -v", "/bin/app --token <redacted> -v"},
		// Credentials by their shape.
		{"Service", "ExecStart", "/bin/sync https://admin:pa55@repo.example.com/x", "/bin/sync https://admin:<redacted>@repo.example.com/x"},
		{"Service", "ExecStart", "/bin/aws --id AKIAIOSFODNN7EXAMPLE", "/bin/aws --id <redacted>"},
		{"Service", "ExecStart", "/bin/curl -H 'Authorization: Bearer abcdefgh12345678'", "/bin/curl -H 'Authorization: <redacted>'"},
		// A setting whose own name says secret.
		{"Service", "Password", "hunter2", "<redacted>"},
	}
	for _, tt := range tests {
		if got := Option(tt.section, tt.name, tt.value); got != tt.want {
			t.Errorf("Option(%s, %q)\n got %q\nwant %q", tt.name, tt.value, got, tt.want)
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add("AWS_SECRET_ACCESS_KEY=abc PATH=/bin")
	f.Add("--password 'x y' https://u:p@h/")
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		// Redaction is idempotent, and never hides all of a value that
		// holds no credential shape or secret name.
		if again := Text(out); again != out {
			t.Errorf("Text is not idempotent: %q → %q → %q", s, out, again)
		}
		if !strings.Contains(out, Mark) && out != s {
			t.Errorf("Text changed %q to %q without a mark", s, out)
		}
		if strings.Count(out, Mark) > len(s) {
			t.Errorf("too many marks in %q", out)
		}
	})
}
