package inputs

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
)

// pageExtensions are the names of saved pages a folder audit reads.
var pageExtensions = []string{".html", ".htm", ".xhtml", ".html.gz", ".htm.gz"}

// IsPage reports whether a file name looks like a saved web page.
func IsPage(name string) bool {
	lower := strings.ToLower(name)
	for _, ext := range pageExtensions {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	return false
}

// Folder lists the saved pages (by name) and WARC files (by content or name) under dir, recursively, in lexical order.
// Unreadable subfolders become Problems; hidden files and folders are skipped.
func Folder(dir string) ([]string, []Problem, error) {
	var files []string
	var problems []Problem
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			problems = append(problems, Problem{Where: path, Reason: err.Error()})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && path != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.IsDir() && (IsPage(d.Name()) || HasWARCName(d.Name()) || IsWARC(path)) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, problems, fmt.Errorf("read folder %s: %w", dir, err)
	}
	sort.Strings(files)
	return files, problems, nil
}
