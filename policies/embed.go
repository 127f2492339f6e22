// Package policies holds the built-in Rego policies and the component
// catalog they read as data, embedded into the binary. It has no code:
// loading and evaluating belong to package scanner.
package policies

import "embed"

// FS holds every .rego module (tests included) and the data they read:
// catalog/data.json (data.catalog) and shipped/data.json (data.shipped).
//
//go:embed main.rego main_test.rego cluster.rego lib rules catalog shipped
var FS embed.FS
