package imapwatch

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/internal/rig/mailstack"
)

// On Dovecot, new mail is pushed by IDLE (the poll is a minute away), and
// the watcher tidies as the Sink asks: the keyword on every message, the
// machine's mail moved to Archive.
func TestDovecotIdlePushesAndTidies(t *testing.T) {
	stack := mailstack.Shared(t)
	user, err := stack.AddUser(fmt.Sprintf("watch%d", userSeq.Add(1)), "watch-secret")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(stack.IMAPAddr)
	n, _ := strconv.Atoi(port)
	dl := &Dialer{Server: config.Server{Host: host, Port: n, TLS: config.TLSStartTLS, Username: user}, TLS: stack.TLSConfig(),
		Secret: func(context.Context) (string, error) { return "watch-secret", nil }, Timeout: 10 * time.Second}
	log, lines := recordLog(t)
	sink := newRecSink()
	sink.tidy = func(b *Batch) []Tidy {
		var list []Tidy
		for _, m := range b.Messages {
			list = append(list, Tidy{UID: m.UID, Keyword: true, Move: m.UID == 2})
		}
		return list
	}
	healthy := make(chan string, 8)
	w, err := New(Options{Folder: "INBOX", Dial: dl.Dial, Sink: sink, Log: log, Poll: time.Minute, Timeout: 10 * time.Second,
		Lookback: time.Hour, MaxBody: 1 << 20, HeaderFields: []string{"From", "Subject", "Message-ID"},
		Keyword: "$rapport", MachineFolder: "Archive", Healthy: func(f string) { healthy <- f }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-healthy:
	case <-time.After(30 * time.Second):
		t.Fatal("the watcher never caught up")
	}
	sink.next(t) // the first look's checkpoint

	c, err := dl.Dial(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, raw := range [][]byte{message("person@acme.example", "a person"), message("robot@acme.example", "a machine")} {
		cmd := c.Append("INBOX", int64(len(raw)), nil)
		if _, err := cmd.Write(raw); err != nil {
			t.Fatal(err)
		}
		if err := cmd.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := cmd.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	if got := sink.nextWith(t, 2, ModeFollow); !slices.Equal(got, []uint32{1, 2}) {
		t.Fatalf("handed over UIDs %v, want 1 and 2", got)
	}
	if lines.has("mailbox session ended") {
		t.Fatalf("the session ended: IDLE did not carry the new mail")
	}

	// The tidying follows Apply: wait until Archive holds the machine's mail.
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		st, err := c.Status("Archive", &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			t.Fatal(err)
		}
		if *st.NumMessages == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Archive holds %d messages, want the machine's one", *st.NumMessages)
		}
		<-tick.C
	}
	for folder, want := range map[string]string{"INBOX": "a person", "Archive": "a machine"} {
		if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			t.Fatal(err)
		}
		msgs, err := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{Flags: true, Envelope: true}).Collect()
		if err != nil || len(msgs) != 1 {
			t.Fatalf("fetch %s: %d messages, %v", folder, len(msgs), err)
		}
		if m := msgs[0]; m.Envelope.Subject != want || !slices.Contains(m.Flags, imap.Flag("$rapport")) {
			t.Errorf("%s holds %q with flags %v, want %q with $rapport", folder, m.Envelope.Subject, m.Flags, want)
		}
	}
}
