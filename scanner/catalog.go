package scanner

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/report"
)

var ruleID = regexp.MustCompile(`^DCOS-[A-Z][0-9]{3}$`)

// ruleCatalog builds the rule list from the package METADATA of every rule
// module (package dcos_audit.rules.<area>.<name>) and checks it: each rule
// has an id of the DCOS-A000 form, unique, a known severity, a title and a
// remediation. A violation names the module's file and line.
func ruleCatalog(mods []*ast.Module) ([]report.Rule, error) {
	as, errs := ast.BuildAnnotationSet(mods)
	if len(errs) > 0 {
		return nil, fmt.Errorf("read policy metadata: %w", errs)
	}
	var (
		rules []report.Rule
		bad   []error
		seen  = map[string]string{}
	)
	for _, m := range mods {
		if !isRulePackage(m.Package.Path) {
			continue
		}
		where := m.Package.Location.String()
		a := as.GetPackageScope(m.Package)
		if a == nil {
			bad = append(bad, fmt.Errorf("%s: rule package %s has no package METADATA block", where, m.Package.Path))
			continue
		}
		r, err := ruleFrom(a)
		if err != nil {
			bad = append(bad, fmt.Errorf("%s: %w", where, err))
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			bad = append(bad, fmt.Errorf("%s: rule id %s already used at %s", where, r.ID, prev))
			continue
		}
		seen[r.ID] = where
		rules = append(rules, r)
	}
	if err := errors.Join(bad...); err != nil {
		return nil, err
	}
	slices.SortFunc(rules, func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules, nil
}

func isRulePackage(p ast.Ref) bool {
	return strings.HasPrefix(p.String(), "data.dcos_audit.rules.")
}

func ruleFrom(a *ast.Annotations) (report.Rule, error) {
	str := func(key string) string { s, _ := a.Custom[key].(string); return s }
	r := report.Rule{
		ID:          str("id"),
		Title:       a.Title,
		Description: unwrap(a.Description),
		Remediation: str("remediation"),
		Tags:        []string{},
	}
	if !ruleID.MatchString(r.ID) {
		return r, fmt.Errorf("custom.id %q is not of the form DCOS-A000", r.ID)
	}
	sev, err := report.ParseSeverity(str("severity"))
	if err != nil {
		return r, fmt.Errorf("rule %s: custom.severity: %w", r.ID, err)
	}
	r.Severity = sev
	if r.Title == "" || r.Remediation == "" {
		return r, fmt.Errorf("rule %s: METADATA needs a title and custom.remediation", r.ID)
	}
	if tags, ok := a.Custom["tags"].([]any); ok {
		for _, t := range tags {
			if s, ok := t.(string); ok {
				r.Tags = append(r.Tags, s)
			}
		}
	}
	if len(a.RelatedResources) > 0 && a.RelatedResources[0].Ref.String() != "" {
		r.HelpURI = a.RelatedResources[0].Ref.String()
	}
	return r, nil
}

// unwrap joins the hard-wrapped lines of a METADATA description into
// paragraphs, so that SARIF viewers and Markdown wrap them themselves.
func unwrap(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n\n")
}
