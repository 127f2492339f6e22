package scanner

import (
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
)

// Built-in rules link to their section of docs/rules.md in the project's
// repository (METADATA related_resources); a build for another home
// rewrites the prefix (Options.RepoURL).
const (
	RepoURL  = "https://github.com/dcos-audit/dcos-audit"
	DocsURL  = RepoURL + docsPath
	docsPath = "/blob/main/docs/rules.md"
)

// Rule ids: DCOS-<area letter><three digits> for built-ins; user rules
// choose their own prefix, anything but DCOS-.
var (
	ruleID     = regexp.MustCompile(`^DCOS-[A-Z][0-9]{3}$`)
	userRuleID = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$`)
)

// ruleModule is a rule package and the rule its METADATA describes.
type ruleModule struct {
	module *ast.Module
	rule   report.Rule
	// completeness rules say the audit could not compute the node's
	// expectations (custom.completeness). No selection leaves them out: a
	// selection must not turn an incomplete audit into a pass.
	completeness bool
}

// readRules reads the package METADATA of every rule module (packages
// dcos_audit.rules.<area>.<name> and custom.dcos_audit.rules.<area>.<name>)
// and checks it: an id of the right form, unique, a known severity, a title
// and a remediation. A violation names the module's file and line.
func readRules(mods []*ast.Module, opts Options) ([]ruleModule, error) {
	as, errs := ast.BuildAnnotationSet(mods)
	if len(errs) > 0 {
		return nil, fmt.Errorf("read policy metadata: %w", errs)
	}
	var (
		rules []ruleModule
		bad   []error
		seen  = map[string]string{}
	)
	for _, m := range mods {
		builtin, ok := rulePackage(m.Package.Path)
		if !ok {
			continue
		}
		where := m.Package.Location.String()
		a := as.GetPackageScope(m.Package)
		if a == nil {
			bad = append(bad, fmt.Errorf("%s: rule package %s has no package METADATA block", where, m.Package.Path))
			continue
		}
		r, err := ruleFrom(a)
		switch {
		case err != nil:
		case builtin && !ruleID.MatchString(r.ID):
			err = fmt.Errorf("custom.id %q is not of the form DCOS-A000", r.ID)
		case !builtin && (!userRuleID.MatchString(r.ID) || strings.HasPrefix(r.ID, "DCOS-")):
			err = fmt.Errorf("custom.id %q: user rules need an id like SITE-001 (upper case, a dash, not DCOS-)", r.ID)
		}
		if err != nil {
			bad = append(bad, fmt.Errorf("%s: %w", where, err))
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			bad = append(bad, fmt.Errorf("%s: rule id %s already used at %s", where, r.ID, prev))
			continue
		}
		seen[r.ID] = where
		r.Area = ruleArea(m.Package.Path)
		if builtin {
			r.HelpURI = rebase(r.HelpURI, opts)
		}
		if slices.ContainsFunc(opts.ProducedRules, func(p report.Rule) bool { return p.ID == r.ID }) {
			bad = append(bad, fmt.Errorf("%s: rule id %s is already declared in Go", where, r.ID))
			continue
		}
		complete, _ := a.Custom["completeness"].(bool)
		rules = append(rules, ruleModule{module: m, rule: r, completeness: builtin && complete})
	}
	if err := errors.Join(bad...); err != nil {
		return nil, err
	}
	return rules, nil
}

// rulePackage reports whether p is a rule package, and whether a built-in one.
func rulePackage(p ast.Ref) (builtin, ok bool) {
	s := p.String()
	switch {
	case strings.HasPrefix(s, "data.dcos_audit.rules."):
		return true, true
	case strings.HasPrefix(s, "data."+userRoot+".rules."):
		return false, true
	}
	return false, false
}

// rebase moves a built-in rule's link under the repository URL the build
// chose (Options.RepoURL); links elsewhere stay.
func rebase(uri string, opts Options) string {
	if rest, ok := strings.CutPrefix(uri, RepoURL+"/"); ok && opts.RepoURL != "" {
		return strings.TrimSuffix(opts.RepoURL, "/") + "/" + rest
	}
	return uri
}

// ruleArea is the <area> of a rule package ...rules.<area>.<name>.
func ruleArea(p ast.Ref) string {
	_, rest, _ := strings.Cut(p.String(), ".rules.")
	area, _, _ := strings.Cut(rest, ".")
	return area
}

// selection is the outcome of selectRules.
type selection struct {
	modules    []*ast.Module            // the policy modules to compile
	evaluated  []report.Rule            // the rules evaluated, sorted by id
	deselected []report.Rule            // the rules left out, sorted by id, with why
	checks     int                      // evaluated rules that are not completeness rules
	needs      map[*ast.Module][]string // the facts each selected rule module needs
}

// selectRules builds the rule list and leaves out the rule modules that
// NoBuiltin, Rules and SkipRules exclude, so that excluded rules cost
// nothing at evaluation. Completeness rules are never left out. Patterns
// that match no rule are errors: a typo must not silently disable nothing,
// or everything. Ids are matched without regard to case, as everywhere.
func selectRules(mods []*ast.Module, opts Options) (*selection, error) {
	rms, err := readRules(mods, opts)
	if err != nil {
		return nil, err
	}
	byModule := map[*ast.Module]ruleModule{}
	var ids, completeness []string
	for _, rm := range rms {
		byModule[rm.module] = rm
		ids = append(ids, rm.rule.ID)
		if rm.completeness {
			completeness = append(completeness, rm.rule.ID)
		}
	}
	for _, r := range opts.ProducedRules {
		ids = append(ids, r.ID)
	}
	if err := checkPatterns(ids, opts.Rules, "--rule"); err != nil {
		return nil, err
	}
	if err := checkPatterns(ids, opts.SkipRules, "--skip-rule"); err != nil {
		return nil, err
	}
	for _, p := range opts.SkipRules {
		if !matchAny([]string{p}, slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return slices.Contains(completeness, id) })...) {
			return nil, fmt.Errorf("--skip-rule %q: %s tell that the audit is incomplete and cannot be skipped; accept a finding of theirs with a waiver (--waivers)", p, strings.Join(completeness, ", "))
		}
	}
	sel := &selection{needs: map[*ast.Module][]string{}}
	// keep decides whether a rule is evaluated, and records it either way.
	keep := func(r report.Rule, builtin, completeness bool) bool {
		reason := ""
		switch {
		case completeness:
		case builtin && opts.NoBuiltin:
			reason = "deselected by --no-builtin"
		case len(opts.Rules) > 0 && !matchAny(opts.Rules, r.ID):
			reason = "deselected: --rule does not match it"
		case matchAny(opts.SkipRules, r.ID):
			reason = "deselected by --skip-rule"
		}
		if reason != "" {
			r.Status, r.Reason = report.RuleNotRun, reason
			sel.deselected = append(sel.deselected, r)
			return false
		}
		if !completeness {
			sel.checks++
		}
		sel.evaluated = append(sel.evaluated, r)
		return true
	}
	for _, m := range mods {
		rm, isRule := byModule[m]
		if !isRule {
			sel.modules = append(sel.modules, m)
			continue
		}
		builtin, _ := rulePackage(m.Package.Path)
		if keep(rm.rule, builtin, rm.completeness) {
			sel.modules = append(sel.modules, m)
			sel.needs[m] = rm.rule.Needs
		}
	}
	for _, r := range opts.ProducedRules {
		r.HelpURI = rebase(DocsURL+"#"+strings.ToLower(r.ID), opts)
		keep(r, true, false)
	}
	byID := func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) }
	slices.SortFunc(sel.evaluated, byID)
	slices.SortFunc(sel.deselected, byID)
	return sel, nil
}

func checkPatterns(ids, patterns []string, flag string) error {
	for _, p := range patterns {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("%s %q: %w", flag, p, err)
		}
		if !matchAny([]string{p}, ids...) {
			return fmt.Errorf("%s %q matches no rule (see dcos-audit policy list)", flag, p)
		}
	}
	return nil
}

// matchAny reports whether some pattern matches some id, ignoring case.
func matchAny(patterns []string, ids ...string) bool {
	for _, p := range patterns {
		for _, id := range ids {
			if ok, _ := path.Match(strings.ToUpper(p), strings.ToUpper(id)); ok {
				return true
			}
		}
	}
	return false
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
	sev, err := report.ParseSeverity(str("severity"))
	if err != nil {
		return r, fmt.Errorf("rule %s: custom.severity: %w", r.ID, err)
	}
	r.Severity = sev
	if r.Title == "" || r.Remediation == "" {
		return r, fmt.Errorf("rule %s: METADATA needs a title and custom.remediation", r.ID)
	}
	needs, _ := a.Custom["needs"].([]any)
	for _, n := range needs {
		fact, _ := n.(string)
		if _, known := provides[fact]; !known {
			return r, fmt.Errorf("rule %s: custom.needs: unknown fact %v (known: %s)", r.ID, n, strings.Join(slices.Sorted(maps.Keys(provides)), ", "))
		}
		r.Needs = append(r.Needs, fact)
	}
	// custom.live: true, from before custom.needs, is needs: [runtime_state].
	if live, _ := a.Custom["live"].(bool); live && !slices.Contains(r.Needs, factRuntimeState) {
		r.Needs = append(r.Needs, factRuntimeState)
	}
	slices.Sort(r.Needs)
	r.Live = slices.Contains(r.Needs, factRuntimeState)
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

// The facts a rule may need (custom.needs), each with the source kinds
// that provide it and what a report says when its source does not.
const (
	factFiles        = "files"
	factRuntimeState = "runtime_state"
	factUnitHealth   = "unit_health"
)

var provides = map[string]struct {
	kinds  []string
	reason string
}{
	factFiles: {[]string{facts.KindRootfs, facts.KindImage, facts.KindLive},
		"needs the node's files (unit files, links, the files they name); a diagnostics bundle holds none"},
	factRuntimeState: {[]string{facts.KindLive}, "needs the live state of systemd; the source was gathered offline"},
	factUnitHealth: {[]string{facts.KindBundle},
		"needs DC/OS's own unit health report, which only a diagnostics bundle holds; a live scan judges systemd's state itself"},
}

// unmet is why a rule cannot be checked on a source of kind, "" when it
// can.
func unmet(r report.Rule, kind string) string {
	return unmetNeeds(r.Needs, kind)
}

func unmetNeeds(needs []string, kind string) string {
	for _, n := range needs {
		if p := provides[n]; !slices.Contains(p.kinds, kind) {
			return p.reason
		}
	}
	return ""
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
