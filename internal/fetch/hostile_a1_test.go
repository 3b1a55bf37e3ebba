package fetch

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestHostileA1_OneOutboundChokepoint: the private-network rule holds for
// every outbound request (feeds, full-text scraping, WebSub, OPML, discovery,
// anything added later) only if all of them go through this package. The test
// parses every non-test Go file of the module outside internal/fetch and fails
// on any other way out: net/http's package-level client functions and default
// client or transport, a literal http.Client or http.Transport, or a dial
// through package net.
func TestHostileA1_OneOutboundChokepoint(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	httpBanned := map[string]bool{"Get": true, "Head": true, "Post": true, "PostForm": true,
		"DefaultClient": true, "DefaultTransport": true, "Client": true, "Transport": true}
	netBanned := map[string]bool{"Dial": true, "DialTimeout": true, "DialTCP": true, "DialUDP": true,
		"DialIP": true, "DialUnix": true, "Dialer": true}
	files := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel == filepath.Join("internal", "fetch") || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		files++
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		names := importNames(f)
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			switch names[pkg.Name] {
			case "net/http":
				if httpBanned[sel.Sel.Name] {
					t.Errorf("%s: http.%s: outbound HTTP must go through internal/fetch", rel, sel.Sel.Name)
				}
			case "net":
				if netBanned[sel.Sel.Name] {
					t.Errorf("%s: net.%s: outbound connections must go through internal/fetch", rel, sel.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("scanned %d files under %s: not the module root?", files, root)
	}
}

// importNames maps the names a file uses for its imports to their paths.
func importNames(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := path[strings.LastIndexByte(path, '/')+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		out[name] = path
	}
	return out
}
