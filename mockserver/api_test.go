package mockserver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestExportedAPINamesNoGeneratedPackage fails when an exported type, field,
// function, method, variable or constant of the package names a type of a
// generated package (under gen/ or internal/gen/): its names follow the spec and
// are no promise, and an importer of mockserver should not have to import one to
// fill in a Seed.
func TestExportedAPINamesNoGeneratedPackage(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	for _, name := range sourceFiles(t) {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range generatedNames(f) {
			t.Errorf("%s: the exported API names %s", fset.Position(pos.pos), pos.name)
		}
	}
}

type namePos struct {
	pos  token.Pos
	name string
}

// generatedNames lists the selectors of generated packages in f's exported
// declarations.
func generatedNames(f *ast.File) []namePos {
	generated := map[string]string{} // local name → import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if !strings.Contains(p, "/gen/") {
			continue
		}
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		generated[name] = p
	}
	if len(generated) == 0 {
		return nil
	}
	var out []namePos
	find := func(n ast.Node) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && generated[id.Name] != "" {
					out = append(out, namePos{sel.Pos(), generated[id.Name] + "." + sel.Sel.Name})
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && (d.Recv == nil || exportedReceiver(d.Recv)) {
				find(d.Type)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						exportedParts(s.Type, find)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() {
							find(s.Type)
							break
						}
					}
				}
			}
		}
	}
	return out
}

// sourceFiles lists the package's files, tests left out.
func sourceFiles(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(names, func(n string) bool { return strings.HasSuffix(n, "_test.go") })
}

// exportedParts calls find on what an importer sees of a type: all of it but a
// struct's unexported fields.
func exportedParts(typ ast.Expr, find func(ast.Node)) {
	st, ok := typ.(*ast.StructType)
	if !ok {
		find(typ)
		return
	}
	for _, f := range st.Fields.List {
		if len(f.Names) == 0 || f.Names[0].IsExported() {
			exportedParts(f.Type, find)
		}
	}
}

func exportedReceiver(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}
