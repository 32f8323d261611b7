package config

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

const examplePath = "../config.example.toml"

func TestExampleValidates(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	c, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load(%q) = %v, want no error", examplePath, err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	if ws := c.Warnings(); len(ws) != 0 {
		t.Fatalf("Warnings() = %v, want none", ws)
	}
}

// TestExampleDocumentsEveryKey checks that every key Config accepts is
// written in the example, set or commented out, right below a comment.
func TestExampleDocumentsEveryKey(t *testing.T) {
	doc, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]int{} // key → line, 1-based
	for key, pos := range keyIndex(doc) {
		found[key] = pos.line
	}
	header := regexp.MustCompile(`^\[([a-z_.]+)\]\s*$`)
	commented := regexp.MustCompile(`^#\s*([a-z_]+)\s*=`)
	var lines []string
	table := ""
	sc := bufio.NewScanner(strings.NewReader(string(doc)))
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		if m := header.FindStringSubmatch(line); m != nil {
			table = m[1]
		} else if m := commented.FindStringSubmatch(line); m != nil {
			if _, ok := found[table+"."+m[1]]; !ok {
				found[table+"."+m[1]] = len(lines)
			}
		}
	}
	leaves, _ := configKeys()
	if len(leaves) < 30 {
		t.Fatalf("configKeys() found %d keys, want the whole Config", len(leaves))
	}
	for _, f := range leaves {
		line, ok := found[f.key]
		if !ok {
			t.Errorf("key %s is not in %s, want every key documented", f.key, examplePath)
			continue
		}
		if line < 2 || !strings.HasPrefix(strings.TrimSpace(lines[line-2]), "#") {
			t.Errorf("key %s (line %d) has no comment above it, want one", f.key, line)
		}
	}
}
