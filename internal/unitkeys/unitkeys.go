// Package unitkeys names the unit file directives that matter for a
// security review: what runs, as whom, with which environment, listening
// where, and how confined. The generator of DC/OS's shipped unit content
// keeps exactly these, and the fixtures carry them as DC/OS ships them.
package unitkeys

import "strings"

var kept = map[string]bool{
	"User": true, "Group": true, "SupplementaryGroups": true, "DynamicUser": true,
	"PermissionsStartOnly": true, "EnvironmentFile": true, "Environment": true,
	"WorkingDirectory": true, "RootDirectory": true, "UMask": true,
	"ListenStream": true, "ListenDatagram": true, "ListenSequentialPacket": true,
	"SocketUser": true, "SocketGroup": true, "SocketMode": true, "DirectoryMode": true,
	"PrivateDevices": true, "PrivateTmp": true, "PrivateNetwork": true,
	"MountFlags": true, "Delegate": true, "ProtectSystem": true, "ProtectHome": true,
	"NoNewPrivileges": true, "CapabilityBoundingSet": true, "AmbientCapabilities": true,
	"ReadOnlyPaths": true, "ReadWritePaths": true, "InaccessiblePaths": true,
	"ReadOnlyDirectories": true, "ReadWriteDirectories": true, "InaccessibleDirectories": true,
	"SecureBits": true, "Capabilities": true,
}

// Kept reports whether directive name of section is security-relevant.
// Every Exec* line is; Unit= only in [Timer], where it names what the
// timer starts.
func Kept(section, name string) bool {
	return kept[name] || strings.HasPrefix(name, "Exec") || section == "Timer" && name == "Unit"
}
