// Command checkfiles fails when git's index holds a file a repository of source
// should not: a compiled binary, an executable that is not a script, or a large
// file that no generator wrote. `make check` runs it from the repository root.
//
//	go run ./internal/cmd/checkfiles
//
// The rules, applied to the staged content of every tracked file:
//
//   - no ELF, Mach-O, PE, WebAssembly or ar file (a build output belongs in
//     .gitignore, a release asset in a release);
//   - an executable (mode 100755) starts with "#!": the scripts meant to be run,
//     such as .ci/run and scripts/image-test, name their interpreter;
//   - a file over 1 MiB is generated, marked linguist-generated in .gitattributes.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// maxSize is the largest file, in bytes, that may be tracked without being
// marked generated. openapi.yaml, the largest handwritten file, is about a third of it.
const maxSize = 1 << 20

func main() {
	problems, err := check(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "checkfiles:", err)
		os.Exit(2)
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, "checkfiles:", p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(os.Stderr, "checkfiles: %d tracked files break the rules (see internal/cmd/checkfiles); untrack them with git rm --cached\n", len(problems))
		os.Exit(1)
	}
	fmt.Println("tracked files: no binaries, executables are scripts, large files are generated")
}

// entry is one file of git's index.
type entry struct {
	mode, object, path string
}

// check returns one line per tracked file of the repository at dir that breaks a rule.
func check(dir string) ([]string, error) {
	out, err := git(dir, nil, "ls-files", "--stage", "-z")
	if err != nil {
		return nil, err
	}
	var entries []entry
	for rec := range strings.SplitSeq(strings.TrimSuffix(string(out), "\x00"), "\x00") {
		if rec == "" {
			continue
		}
		// <mode> SP <object> SP <stage> TAB <path>
		meta, path, ok := strings.Cut(rec, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("git ls-files: unexpected record %q", rec)
		}
		if f[0] == "160000" || f[0] == "120000" { // submodules and symbolic links have no content of their own
			continue
		}
		entries = append(entries, entry{mode: f[0], object: f[1], path: path})
	}
	sizes, heads, err := blobs(dir, entries)
	if err != nil {
		return nil, err
	}
	var problems, large []string
	for i, e := range entries {
		if kind := binaryKind(heads[i]); kind != "" {
			problems = append(problems, fmt.Sprintf("%s: %s binary (%d bytes)", e.path, kind, sizes[i]))
			continue
		}
		if e.mode == "100755" && !bytes.HasPrefix(heads[i], []byte("#!")) {
			problems = append(problems, fmt.Sprintf("%s: executable (mode 100755) without a #! line", e.path))
		}
		if sizes[i] > maxSize {
			large = append(large, e.path)
		}
	}
	if len(large) > 0 {
		generated, err := generatedFiles(dir, large)
		if err != nil {
			return nil, err
		}
		for i, e := range entries {
			if sizes[i] > maxSize && binaryKind(heads[i]) == "" && !generated[e.path] {
				problems = append(problems, fmt.Sprintf("%s: %d bytes, over %d, and not marked linguist-generated in .gitattributes", e.path, sizes[i], maxSize))
			}
		}
	}
	return problems, nil
}

// blobs reads the size and the first bytes of each entry's staged content.
func blobs(dir string, entries []entry) (sizes []int64, heads [][]byte, err error) {
	var in bytes.Buffer
	for _, e := range entries {
		in.WriteString(e.object + "\n")
	}
	out, err := git(dir, &in, "cat-file", "--batch")
	if err != nil {
		return nil, nil, err
	}
	r := bufio.NewReader(bytes.NewReader(out))
	for _, e := range entries {
		// <object> SP <type> SP <size> LF <content> LF
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, nil, fmt.Errorf("git cat-file: %s: %w", e.path, err)
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, nil, fmt.Errorf("git cat-file: %s: %q", e.path, strings.TrimSpace(line))
		}
		size, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, nil, fmt.Errorf("git cat-file: %s: %q", e.path, line)
		}
		content := make([]byte, size+1)
		if _, err := io.ReadFull(r, content); err != nil {
			return nil, nil, fmt.Errorf("git cat-file: %s: %w", e.path, err)
		}
		sizes = append(sizes, size)
		heads = append(heads, content[:min(size, 8)])
	}
	return sizes, heads, nil
}

// magic are the first bytes of the executable and object formats a build writes.
var magic = []struct {
	kind   string
	prefix string
}{
	{"an ELF", "\x7fELF"},
	{"a Mach-O", "\xfe\xed\xfa\xce"}, {"a Mach-O", "\xfe\xed\xfa\xcf"},
	{"a Mach-O", "\xce\xfa\xed\xfe"}, {"a Mach-O", "\xcf\xfa\xed\xfe"},
	{"a universal Mach-O", "\xca\xfe\xba\xbe"},
	{"a PE (Windows)", "MZ"},
	{"a WebAssembly", "\x00asm"},
	{"an ar archive", "!<arch>\n"},
}

func binaryKind(head []byte) string {
	for _, m := range magic {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.kind
		}
	}
	return ""
}

// generatedFiles reports which paths .gitattributes, as staged, marks linguist-generated.
func generatedFiles(dir string, paths []string) (map[string]bool, error) {
	in := strings.NewReader(strings.Join(paths, "\x00") + "\x00")
	out, err := git(dir, in, "check-attr", "--cached", "-z", "--stdin", "linguist-generated")
	if err != nil {
		return nil, err
	}
	// <path> NUL <attribute> NUL <value> NUL
	f := strings.Split(string(out), "\x00")
	generated := map[string]bool{}
	for i := 0; i+2 < len(f); i += 3 {
		if f[i+2] == "true" || f[i+2] == "set" {
			generated[f[i]] = true
		}
	}
	return generated, nil
}

func git(dir string, stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			err = errors.New(msg)
		}
		return nil, fmt.Errorf("git %s: %w", args[0], err)
	}
	return out, nil
}
