package scanner
import ("testing";"os";"github.com/open-policy-agent/opa/v1/rego";"github.com/open-policy-agent/opa/v1/ast")
func TestDbg(t *testing.T){
	caps := capabilities()
	b, _ := loadBundle(true, caps)
	src,_ := os.ReadFile("/tmp/dbg_test.rego")
	rs, err := rego.New(rego.Query("data.dbg.x"), rego.ParsedBundle("x", b), rego.Module("dbg.rego", string(src)), rego.SetRegoVersion(ast.RegoV1)).Eval(t.Context())
	t.Log(rs, err)
}
