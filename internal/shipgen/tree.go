package main

// Tree is one release's view of a dcos/dcos checkout. The generator reads
// through it so that a test can hand it a plain directory while the real
// run reads a git repository at each release tag.
type Tree interface {
	// ReadFile returns the file at a slash-separated, repository-relative path.
	ReadFile(name string) ([]byte, error)
	// ListFiles returns every file below dir (repository-relative, sorted).
	ListFiles(dir string) ([]string, error)
}

// Release is a named release and the sources it was built from.
type Release struct {
	Name string
	Tree Tree
}
