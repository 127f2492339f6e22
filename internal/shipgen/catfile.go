package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
	"sync"
)

// catFile is one `git cat-file --batch` process shared by all tags: the
// scan reads thousands of small files, and a process per file made a full
// run take minutes.
type catFile struct {
	mu  sync.Mutex
	in  io.WriteCloser
	out *bufio.Reader
}

func startCatFile(dir string) (*catFile, error) {
	cmd := exec.Command("git", "-C", dir, "cat-file", "--batch")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &catFile{in: in, out: bufio.NewReader(out)}, nil
}

// read returns the blob that rev:path names.
func (c *catFile) read(object string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := fmt.Fprintln(c.in, object); err != nil {
		return nil, err
	}
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, err
	}
	f := strings.Fields(header)
	if len(f) == 2 && f[1] == "missing" {
		return nil, fmt.Errorf("%s: %w", object, fs.ErrNotExist)
	}
	if len(f) != 3 {
		return nil, fmt.Errorf("git cat-file %s: unexpected %q", object, strings.TrimSpace(header))
	}
	size, err := strconv.Atoi(f[2])
	if err != nil {
		return nil, err
	}
	data := make([]byte, size+1) // the object and a newline; read even if unused, to stay in step
	if _, err := io.ReadFull(c.out, data); err != nil {
		return nil, err
	}
	if f[1] != "blob" {
		return nil, fmt.Errorf("%s is a %s, not a file: %w", object, f[1], fs.ErrNotExist)
	}
	return data[:size], nil
}
