package layers

import (
	"bufio"
	"bytes"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// layers are ARCHITECTURE.md's layers, top to bottom, each with the
// package paths (below the module) it holds; a path holds its
// subpackages too, unless a longer path names them elsewhere.
var layers = []struct {
	name  string
	paths []string
}{
	{"front-ends", []string{"cmd", "internal/demo"}},
	{"the service", []string{"daemon"}},
	{"meaning", []string{"inbound", "outbox/digest"}},
	{"operations", []string{"contacts", "outbox"}},
	{"mail and templates", []string{"mail", "templates"}},
	{"transport", []string{"transport"}},
	{"storage", []string{"store"}},
	{"helpers", []string{"config", "internal"}},
	{"rules", []string{"workflow"}},
}

// layerOf returns the index in layers of a package path below the
// module, by its longest listed prefix; -1 when none holds it.
func layerOf(pkg string) int {
	best, bestLen := -1, -1
	for i, l := range layers {
		for _, p := range l.paths {
			if (pkg == p || strings.HasPrefix(pkg, p+"/")) && len(p) > bestLen {
				best, bestLen = i, len(p)
			}
		}
	}
	return best
}

// graph returns each shipped package of the module (rigs left out) with
// the module's packages it imports, with and without the crashtest tag.
func graph(t *testing.T, tags string) map[string][]string {
	t.Helper()
	args := []string{"list", "-tags", tags, "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "github.com/rapport-mail/rapport/..."}
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	g := map[string][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg, ok := strings.CutPrefix(fields[0], "github.com/rapport-mail/rapport/")
		if !ok || strings.HasPrefix(pkg, "internal/rig") {
			continue
		}
		g[pkg] = []string{}
		for _, imp := range fields[1:] {
			if dep, ok := strings.CutPrefix(imp, "github.com/rapport-mail/rapport/"); ok {
				g[pkg] = append(g[pkg], dep)
			}
		}
	}
	if len(g) < 20 {
		t.Fatalf("go list found %d packages, want rapport's", len(g))
	}
	return g
}

// Every package calls only downwards: into its own layer or one below.
func TestPackagesImportOnlyDownwards(t *testing.T) {
	for _, tags := range []string{"", "crashtest"} {
		for pkg, deps := range graph(t, tags) {
			from := layerOf(pkg)
			if from < 0 {
				t.Errorf("%s is in no layer: add it to ARCHITECTURE.md's table and to layers here", pkg)
				continue
			}
			for _, dep := range deps {
				if strings.HasPrefix(dep, "internal/rig") {
					t.Errorf("%s (shipped) imports the test rig %s", pkg, dep)
					continue
				}
				switch to := layerOf(dep); {
				case to < 0:
					t.Errorf("%s imports %s, which is in no layer", pkg, dep)
				case to < from:
					t.Errorf("%s (%s) imports %s (%s), a layer above it", pkg, layers[from].name, dep, layers[to].name)
				}
			}
		}
	}
}

// The transport knows servers, not contacts: it imports none of the
// packages that know what mail means or who a contact is.
func TestTransportKnowsNothingOfContacts(t *testing.T) {
	meaning := []string{"store", "inbound", "contacts", "outbox", "workflow", "mail/classify", "daemon"}
	for pkg, deps := range graph(t, "") {
		if !strings.HasPrefix(pkg, "transport/") {
			continue
		}
		for _, dep := range deps {
			if slices.ContainsFunc(meaning, func(m string) bool { return dep == m || strings.HasPrefix(dep, m+"/") }) {
				t.Errorf("%s imports %s", pkg, dep)
			}
		}
	}
}
