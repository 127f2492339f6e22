# METADATA
# title: Waiver matches no finding
# description: |
#   A waiver in the waivers file (--waivers) that applies to this node and
#   has not expired matched no finding of the scan: the deviation it accepted
#   is gone, or its rule, node or unit does not match what it was written
#   for. Left in place, it would silently waive the deviation if it came
#   back. Waivers whose node pattern does not match this node, and waivers of
#   rules that were not evaluated (--rule, --skip-rule), are not checked.
#
#   dcos-audit raises this finding itself when it applies the waivers file;
#   no policy does.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-w002
#     description: DCOS-W002 in the rule reference
# custom:
#   id: DCOS-W002
#   severity: low
#   remediation: Remove the waiver, or correct its rule, node or unit so that it matches the finding it was written for.
#   tags: [waivers]
#   emitted_by: scanner
package dcos_audit.rules.waivers.waiver_stale

# The waivers file is not part of the policies' input: dcos-audit applies it
# to the findings after evaluation and makes this rule's findings itself
# (package waivers). The package exists for its METADATA, which puts the rule
# in the catalog, the docs and SARIF; deny stays empty.
deny := set()
