package forward

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds real forwarded bodies from public test suites (shared/,
// beside the repository; CI has it).
const corpusDir = "../../../../shared/corpus/extras/forward-bodies"

// TestForwardBodiesCorpus runs FromText over every body in the corpus and
// wants an Original with a From address from at least 95% of them; files
// named *_subject.txt hold the outer subject of a body instead, and must
// carry a forward prefix that TrimSubject removes to give the subject
// FromText found.
func TestForwardBodiesCorpus(t *testing.T) {
	entries, err := os.ReadDir(corpusDir)
	if os.IsNotExist(err) {
		t.Skipf("corpus %s not present: skipping (CI has it)", corpusDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var total, passed int
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasSuffix(name, "_subject.txt") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			t.Fatal(err)
		}
		total++
		o, ok := FromText(string(data))
		switch {
		case !ok:
			t.Logf("%s: no forward found", name)
		case o.From.Address == "":
			t.Logf("%s: forward found, but no From address (From %q)", name, o.From.Name)
		default:
			passed++
		}
	}
	if total == 0 {
		t.Skipf("corpus %s is empty", corpusDir)
	}
	rate := float64(passed) / float64(total)
	t.Logf("forward-bodies: %d of %d bodies yield a From address (%.1f%%)", passed, total, 100*rate)
	if rate < 0.95 {
		t.Errorf("forward-bodies: %d of %d (%.1f%%), want at least 95%%", passed, total, 100*rate)
	}
}

func TestForwardSubjectsCorpus(t *testing.T) {
	subjects, _ := filepath.Glob(filepath.Join(corpusDir, "*_subject.txt"))
	if len(subjects) == 0 {
		t.Skipf("no *_subject.txt in %s: skipping (CI has them)", corpusDir)
	}
	for _, path := range subjects {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rest, ok := TrimSubject(string(data))
			if !ok {
				t.Fatalf("TrimSubject(%q) found no forward prefix", data)
			}
			bodyPath := strings.TrimSuffix(path, "_subject.txt") + "_body.txt"
			body, err := os.ReadFile(bodyPath)
			if err != nil {
				return // a subject without its body
			}
			if o, ok := FromText(string(body)); ok && o.Subject != rest {
				t.Fatalf("TrimSubject(%q) = %q, but the body's forwarded Subject is %q", data, rest, o.Subject)
			}
		})
	}
}
