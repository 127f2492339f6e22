# METADATA
# title: Waiver expired
# description: |
#   A waiver in the waivers file (--waivers) that applies to this node is
#   past its expiry date. It no longer waives anything: the findings it
#   covered count again, for --fail-on too, until someone reviews the
#   exception and renews or removes the waiver.
#
#   dcos-audit raises this finding itself when it applies the waivers file;
#   no policy does.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-w001
#     description: DCOS-W001 in the rule reference
# custom:
#   id: DCOS-W001
#   severity: medium
#   remediation: >-
#     Review the exception, then renew the waiver with a later expires date,
#     or fix what it covered and remove it.
#   tags: [waivers]
#   emitted_by: scanner
package dcos_audit.rules.waivers.waiver_expired

# The waivers file is not part of the policies' input: dcos-audit applies it
# to the findings after evaluation and makes this rule's findings itself
# (package waivers). The package exists for its METADATA, which puts the rule
# in the catalog, the docs and SARIF; deny stays empty.
deny := set()
