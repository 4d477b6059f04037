//go:build ignore

// gen writes list.txt, the keys of gomoji's emoji table (one per line, sorted), from the
// source of the gomoji release in go.mod. The keys, not the entries' Character fields: one
// key ("❤️", with its variation selector) has a Character without it.
//
//	go run gen.go
package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/forPelevin/gomoji").Output()
	if err != nil {
		log.Fatalf("go list gomoji: %v", err)
	}
	src := filepath.Join(strings.TrimSpace(string(dir)), "data.go")
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		log.Fatalf("parse %s: %v", src, err)
	}
	var list []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "emojiMap" || len(vs.Values) != 1 {
			return true
		}
		for _, el := range vs.Values[0].(*ast.CompositeLit).Elts {
			k, err := strconv.Unquote(el.(*ast.KeyValueExpr).Key.(*ast.BasicLit).Value)
			if err != nil || k == "" || strings.ContainsRune(k, '\n') {
				log.Fatalf("key %v: %v", el.(*ast.KeyValueExpr).Key, err)
			}
			list = append(list, k)
		}
		return false
	})
	if len(list) == 0 {
		log.Fatalf("%s: no emojiMap", src)
	}
	slices.Sort(list)
	if err := os.WriteFile("list.txt", []byte(strings.Join(list, "\n")+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
}
