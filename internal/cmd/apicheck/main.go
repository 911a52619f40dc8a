// Command apicheck keeps the exported Go API of the public packages honest, the
// way Go keeps api/*.txt: it lists every exported name with its type, one line
// each, and compares the list with the one recorded in api/ at the last release.
//
//	go run ./internal/cmd/apicheck          # check (make check runs it as make api-check)
//	go run ./internal/cmd/apicheck -write   # record the current API (a release step, see RELEASING.md)
//
// A line that was recorded and is gone is an incompatible change: a removed or
// renamed name, a changed signature, type or constant value, or a method added
// to an interface users may implement. Each one must be named, in backticks,
// under "### Changed" or "### Removed" in CHANGELOG.md's Unreleased section, or
// the check fails naming it. New lines are compatible and only counted.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/types"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// public are the packages whose API is a promise to users.
var public = []string{
	"github.com/breakcold-go/breakcold/client",
	"github.com/breakcold-go/breakcold/client/webhook",
	"github.com/breakcold-go/breakcold/mockserver",
	"github.com/breakcold-go/breakcold/contracttest",
}

func main() {
	write := flag.Bool("write", false, "record the current API in the api directory instead of checking it")
	dir := flag.String("dir", "api", "the directory of the recorded API files")
	changelog := flag.String("changelog", "CHANGELOG.md", "the changelog whose Unreleased section records incompatible changes")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: apicheck [-write] [-dir api] [-changelog CHANGELOG.md]\n\n"+
			"Checks the exported API of %s against the API recorded at the last release;\n"+
			"every incompatible change must be named under Changed or Removed in the changelog's Unreleased section.\n\n",
			strings.Join(public, ", "))
		flag.PrintDefaults()
	}
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("apicheck: ")

	current, err := load(public)
	if err != nil {
		log.Fatal(err)
	}
	if *write {
		for path, lines := range current {
			head := "# The exported API of " + path + " at the last release, written by\n# internal/cmd/apicheck -write (make api-record; see RELEASING.md). Do not edit.\n"
			if err := os.WriteFile(apiFile(*dir, path), []byte(head+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
				log.Fatal(err)
			}
		}
		fmt.Printf("recorded the API of %d packages in %s\n", len(current), *dir)
		return
	}
	notes, err := unreleased(*changelog)
	if err != nil {
		log.Fatal(err)
	}
	var failures []string
	for _, path := range public {
		recorded, err := readLines(apiFile(*dir, path))
		if err != nil {
			log.Fatalf("%v (record the API with: go run ./internal/cmd/apicheck -write)", err)
		}
		d := compare(recorded, current[path])
		gone := map[string]bool{}
		for _, line := range d.incompatible {
			if _, rest, _ := strings.Cut(line, ", type "); rest != "" && !strings.Contains(rest, ", ") {
				gone[identifier(rest)] = true
			}
		}
		for _, line := range d.incompatible {
			if !notes.names(line, gone) {
				failures = append(failures, line)
			}
		}
		fmt.Printf("%s: %d names, %d added, %d incompatible changes recorded in %s\n",
			path, len(current[path]), len(d.added), len(d.incompatible), *changelog)
	}
	if len(failures) > 0 {
		fmt.Fprintf(os.Stderr, "apicheck: %d incompatible changes are not recorded under Changed or Removed in %s's Unreleased section:\n", len(failures), *changelog)
		for _, f := range failures {
			fmt.Fprintf(os.Stderr, "  %s  (name `%s`)\n", f, strings.Join(keys(f), "` or `"))
		}
		os.Exit(1)
	}
}

func apiFile(dir, path string) string {
	return filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(path, "github.com/breakcold-go/breakcold/"), "/", "_")+".txt")
}

func readLines(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out, sc.Err()
}

// diff is what changed between the recorded and the current API.
type diff struct {
	added, incompatible []string
}

func compare(recorded, current []string) diff {
	have := map[string]bool{}
	for _, l := range current {
		have[l] = true
	}
	was := map[string]bool{}
	interfaces := map[string]bool{} // "pkg p, type T interface" lines recorded
	for _, l := range recorded {
		was[l] = true
		if strings.HasSuffix(l, " interface") {
			interfaces[l] = true
		}
	}
	var d diff
	for _, l := range recorded {
		if !have[l] {
			d.incompatible = append(d.incompatible, l)
		}
	}
	for _, l := range current {
		if was[l] {
			continue
		}
		// A method added to a recorded interface breaks its implementations.
		if head, _, ok := strings.Cut(l, " interface, "); ok && interfaces[head+" interface"] {
			d.incompatible = append(d.incompatible, l)
			continue
		}
		d.added = append(d.added, l)
	}
	return d
}

// keys are the spellings that record a line's change: its name alone, or
// qualified by its type and package.
func keys(line string) []string {
	k, _ := keysAndOwner(line)
	return k
}

// keysAndOwner also returns the type a field or method belongs to.
func keysAndOwner(line string) ([]string, string) {
	pkg, rest, _ := strings.Cut(strings.TrimPrefix(line, "pkg "), ", ")
	var name, owner string
	switch {
	case strings.HasPrefix(rest, "method ("):
		recv, after, _ := strings.Cut(strings.TrimPrefix(rest, "method ("), ") ")
		owner = strings.TrimLeft(recv, "*")
		owner, _, _ = strings.Cut(owner, "[")
		name = identifier(after)
	case strings.HasPrefix(rest, "type "):
		head, member, ok := strings.Cut(strings.TrimPrefix(rest, "type "), ", ")
		name = identifier(head)
		if ok {
			owner, name = name, identifier(member)
		}
	default:
		_, after, _ := strings.Cut(rest, " ")
		name = identifier(after)
	}
	out := []string{name}
	if owner != "" {
		out = append(out, owner+"."+name, pkg+"."+owner+"."+name)
	} else {
		out = append(out, pkg+"."+name)
	}
	return out, owner
}

var ident = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)

func identifier(s string) string { return ident.FindString(s) }

// notes are the backticked names under Changed and Removed in the Unreleased
// section of the changelog.
type notes map[string]bool

// names reports whether the notes record line. A field or method of a type
// that is itself gone is recorded by naming the type.
func (n notes) names(line string, goneTypes map[string]bool) bool {
	keys, owner := keysAndOwner(line)
	if owner != "" && goneTypes[owner] {
		keys = append(keys, owner, strings.SplitN(strings.TrimPrefix(line, "pkg "), ",", 2)[0]+"."+owner)
	}
	return slices.ContainsFunc(keys, func(k string) bool { return n[k] })
}

var backticked = regexp.MustCompile("`([^`]+)`")

func unreleased(name string) (notes, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	n := notes{}
	inUnreleased, inSection := false, false
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			inUnreleased = strings.HasPrefix(line, "## [Unreleased]")
			inSection = false
		case strings.HasPrefix(line, "### "):
			inSection = line == "### Changed" || line == "### Removed"
		case inUnreleased && inSection:
			for _, m := range backticked.FindAllStringSubmatch(line, -1) {
				// `Client.GetRecord(ctx, id)` and `client.All` both name what they start with.
				n[identifierPath(m[1])] = true
			}
		}
	}
	return n, nil
}

var identPath = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*`)

func identifierPath(s string) string { return identPath.FindString(strings.TrimPrefix(s, "*")) }

// load lists the exported API of each package, sorted.
func load(paths []string) (map[string][]string, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("%s: %v", p.PkgPath, p.Errors[0])
		}
		out[p.PkgPath] = list(p.Types)
	}
	return out, nil
}

func list(pkg *types.Package) []string {
	qual := func(other *types.Package) string {
		if other == pkg {
			return ""
		}
		return other.Name()
	}
	str := func(t types.Type) string { return types.TypeString(t, qual) }
	prefix := "pkg " + pkg.Name() + ", "
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, prefix+fmt.Sprintf(format, args...)) }
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj := obj.(type) {
		case *types.Const:
			add("const %s %s", name, str(obj.Type()))
			add("const %s = %s", name, obj.Val().ExactString())
		case *types.Var:
			add("var %s %s", name, str(obj.Type()))
		case *types.Func:
			add("func %s%s", name, strings.TrimPrefix(str(obj.Type()), "func"))
		case *types.TypeName:
			listType(obj, str, add)
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

func listType(obj *types.TypeName, str func(types.Type) string, add func(string, ...any)) {
	name := obj.Name()
	if obj.IsAlias() {
		add("type %s = %s", name, str(types.Unalias(obj.Type())))
		return
	}
	named, ok := obj.Type().(*types.Named)
	if !ok {
		return
	}
	if tp := named.TypeParams(); tp.Len() > 0 {
		var ps []string
		for i := range tp.Len() {
			ps = append(ps, tp.At(i).Obj().Name()+" "+str(tp.At(i).Constraint()))
		}
		name += "[" + strings.Join(ps, ", ") + "]"
	}
	switch u := named.Underlying().(type) {
	case *types.Struct:
		add("type %s struct", name)
		for i := range u.NumFields() {
			if f := u.Field(i); f.Exported() {
				if f.Embedded() {
					add("type %s struct, embedded %s", name, str(f.Type()))
				} else {
					add("type %s struct, %s %s", name, f.Name(), str(f.Type()))
				}
			}
		}
	case *types.Interface:
		add("type %s interface", name)
		for i := range u.NumMethods() {
			if m := u.Method(i); m.Exported() {
				add("type %s interface, %s%s", name, m.Name(), strings.TrimPrefix(str(m.Type()), "func"))
			}
		}
		return
	default:
		add("type %s %s", name, str(u))
	}
	// The method sets of T and *T, promoted methods included, as callers see them.
	for _, t := range []types.Type{named, types.NewPointer(named)} {
		ms := types.NewMethodSet(t)
		for i := range ms.Len() {
			m := ms.At(i).Obj()
			if !m.Exported() {
				continue
			}
			if _, ptr := t.(*types.Pointer); ptr && types.NewMethodSet(named).Lookup(m.Pkg(), m.Name()) != nil {
				continue // listed once, on T
			}
			recv := name
			if _, ptr := t.(*types.Pointer); ptr {
				recv = "*" + name
			}
			sig := m.Type().(*types.Signature)
			add("method (%s) %s%s", recv, m.Name(), strings.TrimPrefix(str(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())), "func"))
		}
	}
}
