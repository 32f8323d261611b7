package inbound

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/store"
)

// benchBatch is how many messages the daemon fetches and commits together
// (daemon's batchSize).
const benchBatch = 250

// BenchmarkIngestBatch measures the in-process cost of one batch of mail
// from strangers (the common case of a backlog): header parsing, matching
// and recording, in one transaction per batch as the daemon commits it,
// without any IMAP round trip. The daemon adds its folder's checkpoint, one
// row, to that transaction.
func BenchmarkIngestBatch(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	now := time.Now()
	uid := uint32(0)
	for b.Loop() {
		batch := make([]Message, benchBatch)
		for i := range batch {
			uid++
			raw := mail(fmt.Sprintf("Sender %d <s%d@example.org>", uid, uid), fmt.Sprintf("Message %d", uid), fmt.Sprintf("m%d@example.org", uid), "", now)
			header, _, _ := strings.Cut(raw, "\r\n\r\n")
			h := []byte(header + "\r\n\r\n")
			batch[i] = Message{UID: uid, Header: h, Parsed: classify.ParseHeader(h)}
		}
		err := f.store.WithTx(ctx, func(tx *store.Tx) error {
			_, err := f.h.Handle(ctx, tx, "INBOX", batch, false)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(uid), "µs/msg")
}
