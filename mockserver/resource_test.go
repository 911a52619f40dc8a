package mockserver

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The state layer's rule (resource.go): a stored value is never edited in place.
// This test type-checks the package's own files and reports every place that
//   - assigns through a pointer to a stored type (r.Name = …, *r = …, r.N++),
//   - takes a writable address inside a stored value through such a pointer
//     (setIf(&r.Name, …)), or
//   - writes into a map or slice held by a stored value (c.Fields[k] = …,
//     delete(c.Fields, k)), which the value shares with every copy of it.
//
// The stored types are read from the store's tables and the key registry, so a new
// kind of entity is covered as soon as the store holds it. Generic code sees only
// type parameters and is not checked; it lives in the layer itself (collection.go,
// resource.go).
func TestStoredValuesAreReplaced(t *testing.T) {
	t.Parallel()
	names := sourceFiles(t)
	if got := checkReplaceRule(t, names, ""); len(got) > 0 {
		t.Errorf("stored values edited in place (store a changed copy instead; see resource.go):\n%s", strings.Join(got, "\n"))
	}

	// The check itself: a file that breaks the rule each way is caught each time.
	const bad = `package mockserver

import bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"

func badEdits(r *bc.Record, c bc.Record, keys []*Key) {
	r.DisplayName = "through a pointer"
	*r = c
	r.UpdatedAt++
	setIf(&r.DisplayName, nil)
	c.Fields["shared"] = 1
	delete(c.Fields, "shared")
	keys[0].Name = "a registered key"
	c.DisplayName = "a copy is fine"
	f := cloneFields(c.Fields)
	f["fresh"] = 1
}
`
	got := checkReplaceRule(t, names, bad)
	if len(got) != 7 {
		t.Errorf("the check found %d of the 7 edits in place in\n%s\ngot:\n%s", len(got), bad, strings.Join(got, "\n"))
	}
}

// checkReplaceRule type-checks the files (and extra, a file's source, when not
// empty) and returns the rule's violations as "file:line: what".
func checkReplaceRule(t *testing.T, names []string, extra string) []string {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, n := range names {
		f, err := parser.ParseFile(fset, n, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if extra != "" {
		f, err := parser.ParseFile(fset, "extra.go", extra, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: exportImporter(t, fset)}
	pkg, err := conf.Check("github.com/breakcold-go/breakcold/mockserver", fset, files, info)
	if err != nil {
		t.Fatalf("type-checking the package: %v", err)
	}
	c := &replaceChecker{fset: fset, info: info, stored: storedTypes(pkg)}
	if len(c.stored) < 20 {
		t.Fatalf("found only %d stored types: %v", len(c.stored), c.stored)
	}
	for _, f := range files {
		if extra != "" && fset.Position(f.Pos()).Filename != "extra.go" {
			continue
		}
		ast.Inspect(f, c.visit)
	}
	return c.found
}

// storedTypes are the named types the store's tables and the key registry keep
// values of.
func storedTypes(pkg *types.Package) map[*types.TypeName]bool {
	out := map[*types.TypeName]bool{}
	var add func(t types.Type)
	add = func(t types.Type) {
		switch t := t.(type) {
		case *types.Pointer:
			add(t.Elem())
		case *types.Slice:
			add(t.Elem())
		case *types.Map:
			add(t.Elem())
		case *types.Named:
			if args := t.TypeArgs(); args.Len() > 0 { // resource[T], coll[T]
				for i := range args.Len() {
					add(args.At(i))
				}
				return
			}
			if _, ok := t.Underlying().(*types.Struct); ok && t.Obj().Pkg() != nil && t.Obj().Pkg().Path() != "sync" && t.Obj().Pkg().Path() != "sync/atomic" {
				out[t.Obj()] = true
			}
		}
	}
	for _, name := range []string{"tables", "keyRegistry"} {
		st := pkg.Scope().Lookup(name).Type().Underlying().(*types.Struct)
		for f := range st.Fields() {
			add(f.Type())
		}
	}
	return out
}

type replaceChecker struct {
	fset   *token.FileSet
	info   *types.Info
	stored map[*types.TypeName]bool
	found  []string
}

func (c *replaceChecker) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		if n.Tok != token.DEFINE {
			for _, l := range n.Lhs {
				c.write(l, "assigns")
			}
		}
	case *ast.IncDecStmt:
		c.write(n.X, "assigns")
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			c.write(n.X, "takes the address of")
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && (id.Name == "delete" || id.Name == "clear") && len(n.Args) > 0 {
			if _, builtin := c.info.Uses[id].(*types.Builtin); builtin {
				if x := c.sharedContainer(n.Args[0]); x != "" {
					c.report(n, fmt.Sprintf("%s changes a map or slice that a stored %s shares with its copies", id.Name, x))
				}
			}
		}
	}
	return true
}

// write reports the first step of lhs, from the outside in, that reaches into a
// stored value in place.
func (c *replaceChecker) write(lhs ast.Expr, verb string) {
	for e := lhs; ; {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			sel := c.info.Selections[x]
			if sel == nil || sel.Kind() != types.FieldVal {
				return
			}
			if name := c.storedPointer(x.X); name != "" {
				c.report(lhs, fmt.Sprintf("%s a field of a stored %s through a pointer", verb, name))
				return
			}
			e = x.X
		case *ast.StarExpr:
			if name := c.storedPointer(x.X); name != "" {
				c.report(lhs, fmt.Sprintf("%s a stored %s through a pointer", verb, name))
				return
			}
			e = x.X
		case *ast.IndexExpr:
			if name := c.sharedContainer(x.X); name != "" {
				c.report(lhs, fmt.Sprintf("%s into a map or slice that a stored %s shares with its copies", verb, name))
				return
			}
			e = x.X
		default:
			return
		}
	}
}

// storedPointer names the stored type e points to, or "".
func (c *replaceChecker) storedPointer(e ast.Expr) string {
	if p, ok := c.info.TypeOf(e).(*types.Pointer); ok {
		return c.storedName(p.Elem())
	}
	return ""
}

// sharedContainer names the stored type whose field e is, when e is a map or a
// slice, or "".
func (c *replaceChecker) sharedContainer(e ast.Expr) string {
	e = ast.Unparen(e)
	switch c.info.TypeOf(e).Underlying().(type) {
	case *types.Map, *types.Slice:
	default:
		return ""
	}
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || c.info.Selections[sel] == nil || c.info.Selections[sel].Kind() != types.FieldVal {
		return ""
	}
	t := c.info.TypeOf(sel.X)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return c.storedName(t)
}

func (c *replaceChecker) storedName(t types.Type) string {
	if n, ok := t.(*types.Named); ok && c.stored[n.Obj()] {
		return n.Obj().Name()
	}
	return ""
}

func (c *replaceChecker) report(n ast.Node, what string) {
	p := c.fset.Position(n.Pos())
	c.found = append(c.found, fmt.Sprintf("%s:%d: %s", p.Filename, p.Line, what))
}

// exportImporter imports packages from the export data the go command builds for
// this package's imports.
func exportImporter(t *testing.T, fset *token.FileSet) types.Importer {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to list export data")
	}
	// Only the direct imports: listing the package itself would compile it.
	imports, err := exec.Command(goCmd, "list", "-f", "{{join .Imports \"\\n\"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	args := append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}"}, strings.Fields(string(imports))...)
	out, err := exec.Command(goCmd, args...).Output()
	if err != nil {
		t.Fatalf("go list -export: %v", err)
	}
	exports := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if path, file, ok := strings.Cut(sc.Text(), "\t"); ok && file != "" {
			exports[path] = file
		}
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
}
