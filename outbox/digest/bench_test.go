package digest

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/internal/rig/benchdata"
	"github.com/rapport-mail/rapport/store"
)

// benchContacts is the size of the pipeline BenchmarkBuild reads.
const benchContacts = 100_000

var (
	benchOnce sync.Once
	benchPath string
	benchErr  error
)

// benchStore returns a database of benchContacts contacts with a year of
// history, made once per process (it takes a while) in a temporary
// directory removed at exit by benchMain.
func benchStore(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "rapport-digest-bench-")
		if err != nil {
			benchErr = err
			return
		}
		benchPath = filepath.Join(dir, "rapport.db")
		benchErr = fillBench(benchPath)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath
}

// fillBench writes the pipeline: every status represented, about ten
// history entries per contact spread over the last year, drafts, meetings
// and nudges (some due now).
func fillBench(path string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	return benchdata.Contacts(ctx, st, benchdata.Options{Contacts: benchContacts, Now: now, Subject: "Hello", Body: "Hi"})
}

// BenchmarkBuild reads the digest of a pipeline of 100,000 contacts with a
// year of history (about a million entries). Reported: time per digest,
// bytes allocated per digest (B/op), and the heap in use at its largest
// during the run (peak-heap-MiB).
func BenchmarkBuild(b *testing.B) {
	path := benchStore(b)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	runtime.GC()
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(ctx, st.Read(), Options{Now: now, Zone: berlin, Since: now.Add(-24 * time.Hour)}); err != nil {
			b.Fatal(err)
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchPath != "" {
		os.RemoveAll(filepath.Dir(benchPath))
	}
	os.Exit(code)
}
