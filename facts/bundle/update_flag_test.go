package bundle

// `go test ./... -update` passes -update to every test binary; this
// defines it here too.
import _ "github.com/dcos-audit/dcos-audit/internal/golden"
