package digest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"rapport/store"
	"rapport/workflow"
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
// and problems.
func fillBench(path string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	statuses := workflow.Statuses()
	year := now.AddDate(-1, 0, 0)
	const batch = 5000
	for start := 0; start < benchContacts; start += batch {
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			for i := start; i < start+batch && i < benchContacts; i++ {
				began := year.Add(time.Duration(i) * (365 * 24 * time.Hour / benchContacts))
				s := workflow.State{Status: statuses[i%len(statuses)]}
				switch s.Status {
				case workflow.StatusScheduled:
					m := now.Add(time.Duration(i%72) * time.Hour)
					s.Meeting = &workflow.Meeting{Start: m, End: m.Add(30 * time.Minute), Place: "video call"}
				case workflow.StatusRequested, workflow.StatusNudged:
					s.Timers = map[workflow.TimerKind]time.Time{workflow.TimerNudge: now.Add(time.Duration(i%120) * time.Hour)}
				}
				c := &store.Contact{Name: fmt.Sprintf("Contact %d", i), Email: fmt.Sprintf("c%d@firm%d.example", i, i%997),
					Company: fmt.Sprintf("Firm %d", i%997), State: s, CreatedAt: began}
				if err := tx.InsertContact(ctx, c); err != nil {
					return err
				}
				kinds := []workflow.EventKind{workflow.EventAdded, workflow.EventRequestDrafted, workflow.EventRequestSent,
					workflow.EventNudgeSent, workflow.EventReplyReceived, workflow.EventMeetingScheduled, workflow.EventMet,
					workflow.EventThankYouSent, workflow.EventReferralAdded, workflow.EventKeepInTouchSent}
				for k, kind := range kinds[:4+i%7] {
					e := &store.Entry{ContactID: c.ID, At: began.Add(time.Duration(k) * 36 * time.Hour), Kind: string(kind), Source: store.SourceMail}
					if kind == workflow.EventReferralAdded {
						e.Detail = fmt.Sprintf("introduced #%d", c.ID-1)
					}
					if err := tx.AppendHistory(ctx, e); err != nil {
						return err
					}
				}
				if i%50 == 0 {
					o := &store.Outgoing{ContactID: c.ID, Template: workflow.TemplateRequest, Audience: store.AudienceContact,
						Status: store.OutboxDraft, MessageID: fmt.Sprintf("d%d@owner.example", i), To: c.Email, Subject: "Hello", Body: "Hi"}
					if err := tx.InsertOutgoing(ctx, o, began); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
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
