package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	sdbus "github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"
)

// Where the system manager is reached on a node.
const (
	systemBusEnv     = "DBUS_SYSTEM_BUS_ADDRESS"
	systemBusSocket  = "/run/dbus/system_bus_socket"
	privateSocket    = "/run/systemd/private"
	managerPath      = "/org/freedesktop/systemd1"
	managerInterface = "org.freedesktop.systemd1.Manager"
)

// connectTimeout bounds dialling and authenticating one connection, and
// callTimeout each call: a wedged manager must not hang the scan. systemctl
// waits 25 s for a reply too.
const (
	connectTimeout = 10 * time.Second
	callTimeout    = 25 * time.Second
)

// ErrUnreachable is the class of errors returned when no systemd manager
// could be reached at all; errors.Is(err, ErrUnreachable) on a Gather error.
var ErrUnreachable = errors.New("systemd manager unreachable")

// ErrManagerLost is the class of errors returned when the manager went away
// (or stopped answering) during a gather; Gather then also returns what it
// had gathered.
var ErrManagerLost = errors.New("systemd manager lost during the scan")

// ConnectError says which addresses were tried and why each failed.
type ConnectError struct {
	Attempts []Attempt
}

// Attempt is one address tried.
type Attempt struct {
	// Address is the D-Bus address or socket path.
	Address string
	// What names the kind of endpoint ("system bus", "private socket", ...).
	What string
	Err  error
}

func (e *ConnectError) Error() string {
	var b strings.Builder
	b.WriteString("cannot reach a systemd manager: ")
	for i, a := range e.Attempts {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s: %v", a.What, a.Address, a.Err)
	}
	b.WriteString(". ")
	b.WriteString(e.hint())
	return b.String()
}

func (e *ConnectError) hint() string {
	var h []string
	for _, a := range e.Attempts {
		switch {
		case strings.HasPrefix(a.Address, "unix:") && strings.HasSuffix(a.Address, "/systemd/private") && isRemoteError(a.Err):
			h = append(h, "a manager's private socket is not a bus: pass its path alone (--systemd "+strings.TrimPrefix(a.Address, "unix:path=")+")")
		case strings.HasPrefix(a.Address, "/") && strings.Contains(a.Address, "bus_socket"):
			h = append(h, "a bus socket needs the D-Bus address form (--systemd unix:path="+a.Address+")")
		}
		if strings.HasSuffix(a.Address, "/systemd/private") && a.Address != privateSocket && !isRemoteError(a.Err) &&
			(errors.Is(a.Err, syscall.ECONNRESET) || errors.Is(a.Err, io.EOF) || errors.Is(a.Err, syscall.EPIPE)) {
			h = append(h, "systemd drops private-socket clients outside its pid namespace: run dcos-audit inside the container (nsenter -t PID -m -p -r -w -- dcos-audit scan)")
		}
	}
	if os.Geteuid() != 0 {
		h = append(h, "run dcos-audit as root")
	}
	h = append(h, "name the manager with --systemd ADDRESS (a manager's private socket, or a D-Bus address unix:path=...)",
		"or audit the node's files without a manager: --root / (or a saved --snapshot FILE)")
	return "To audit anyway: " + strings.Join(h, "; ") + "."
}

func (e *ConnectError) Unwrap() []error {
	errs := []error{ErrUnreachable}
	for _, a := range e.Attempts {
		errs = append(errs, a.Err)
	}
	return errs
}

// isRemoteError reports whether err is an error reply from the peer (as
// opposed to a transport failure): the peer is there and answered.
func isRemoteError(err error) bool {
	var de godbus.Error
	return errors.As(err, &de)
}

// endpoint is one way to reach a manager.
type endpoint struct {
	what    string
	address string // D-Bus address, for godbus.Dial
	shown   string // as the operator wrote it
	hello   bool   // a bus: register with Hello; a private socket: no Hello
}

// endpoints turns --systemd's value into the endpoints to try, in order.
//
//	""                  the system bus, then (as root) /run/systemd/private
//	"/path/to/private"  a manager's private socket (peer to peer)
//	"unix:path=..."     a bus (or any D-Bus address) with Hello
func endpoints(address string) ([]endpoint, error) {
	switch {
	case address == "":
		eps := []endpoint{{what: "system bus", address: systemBusAddress(), hello: true}}
		if os.Geteuid() == 0 {
			eps = append(eps, endpoint{what: "private socket", address: "unix:path=" + escapeValue(privateSocket), shown: privateSocket})
		}
		for i := range eps {
			if eps[i].shown == "" {
				eps[i].shown = eps[i].address
			}
		}
		return eps, nil
	case filepath.IsAbs(address):
		return []endpoint{{what: "private socket", address: "unix:path=" + escapeValue(filepath.Clean(address)), shown: address}}, nil
	case strings.Contains(address, ":") && !strings.HasPrefix(address, ":"):
		return []endpoint{{what: "bus", address: address, shown: address, hello: true}}, nil
	}
	return nil, fmt.Errorf("--systemd %q: give the absolute path of a manager's private socket (/run/systemd/private) or a D-Bus address (unix:path=/run/dbus/system_bus_socket)", address)
}

// systemBusAddress is the address godbus dials for the system bus.
func systemBusAddress() string {
	if a := os.Getenv(systemBusEnv); a != "" {
		return a
	}
	return "unix:path=" + systemBusSocket
}

// escapeValue escapes a D-Bus address value: every byte outside
// [-0-9A-Za-z_/.\*] as %XX.
func escapeValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z',
			c == '-', c == '_', c == '/', c == '.', c == '\\', c == '*':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return b.String()
}

// conn is a go-systemd connection plus the raw connection it was dialled
// on, for the manager's own properties (go-systemd has no Context call for
// them).
type conn struct {
	*sdbus.Conn
	raw *godbus.Conn
}

// ManagerPropertiesContext returns every property of the manager object.
func (c *conn) ManagerPropertiesContext(ctx context.Context) (map[string]any, error) {
	var props map[string]godbus.Variant
	err := c.raw.Object("org.freedesktop.systemd1", managerPath).
		CallWithContext(ctx, "org.freedesktop.DBus.Properties.GetAll", 0, managerInterface).Store(&props)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(props))
	for k, v := range props {
		out[k] = v.Value()
	}
	return out, nil
}

// connect tries the endpoints of address in order and returns the first
// manager that answers, with the endpoint used.
func connect(ctx context.Context, address string) (manager, string, error) {
	eps, err := endpoints(address)
	if err != nil {
		return nil, "", err
	}
	ce := &ConnectError{}
	for _, ep := range eps {
		c, err := dialManager(ctx, ep)
		if err == nil {
			return c, ep.shown, nil
		}
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		ce.Attempts = append(ce.Attempts, Attempt{Address: ep.shown, What: ep.what, Err: err})
	}
	return nil, "", ce
}

// dialManager connects to one endpoint through go-systemd and checks that a
// manager answers there.
func dialManager(ctx context.Context, ep endpoint) (*conn, error) {
	var (
		mu    sync.Mutex
		first *godbus.Conn
	)
	sd, err := sdbus.NewConnection(func() (*godbus.Conn, error) {
		c, err := dial(ctx, ep)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		if first == nil {
			first = c
		}
		mu.Unlock()
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	c := &conn{Conn: sd, raw: first}
	// A bus without systemd on it, or a socket that is not a manager's,
	// still connects: ask the manager something before going on.
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	if _, err := c.SystemStateContext(cctx); err != nil {
		c.Close()
		if errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("no answer within %s", callTimeout)
		}
		return nil, err
	}
	return c, nil
}

// dial opens and authenticates one connection: EXTERNAL with the numeric
// uid (no user-name lookup), and Hello only on a bus. The connection lives
// as long as ctx; the handshake must finish within connectTimeout.
func dial(ctx context.Context, ep endpoint) (*godbus.Conn, error) {
	c, err := godbus.Dial(ep.address, godbus.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	timer := time.AfterFunc(connectTimeout, func() { c.Close() }) // unblocks the handshake
	err = c.Auth([]godbus.Auth{godbus.AuthExternal(strconv.Itoa(os.Getuid()))})
	if err == nil && ep.hello {
		err = c.Hello()
	}
	if !timer.Stop() {
		err = fmt.Errorf("no answer within %s", connectTimeout)
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
