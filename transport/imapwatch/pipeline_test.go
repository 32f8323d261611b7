package imapwatch

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

// wireWatch is a TCP proxy in front of the rig's server that counts, in
// what the client writes, the commands holding mark.
type wireWatch struct {
	mark []byte
	mu   sync.Mutex
	seen int
	more chan struct{} // signalled at each new sighting
}

func watchWire(t *testing.T, target string, mark string) (port int, ww *wireWatch) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	ww = &wireWatch{mark: []byte(mark), more: make(chan struct{}, 1)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			go func() { io.Copy(c, s); c.Close() }()
			go func() { ww.copy(s, c); s.Close() }()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, ww
}

// copy forwards the client's bytes, counting the marks in them (a mark
// split across two reads is found by keeping the last bytes).
func (ww *wireWatch) copy(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32<<10)
	var tail []byte
	for {
		n, err := src.Read(buf)
		if n > 0 {
			data := append(tail, buf[:n]...)
			if found := bytes.Count(data, ww.mark); found > 0 {
				ww.mu.Lock()
				ww.seen += found
				ww.mu.Unlock()
				select {
				case ww.more <- struct{}{}:
				default:
				}
				data = data[bytes.LastIndex(data, ww.mark)+len(ww.mark):]
			}
			tail = append([]byte(nil), data[max(0, len(data)-len(ww.mark)+1):]...)
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// waitSeen waits until the mark was seen n times, and reports whether it
// was within d.
func (ww *wireWatch) waitSeen(n int, d time.Duration) bool {
	deadline := time.After(d)
	for {
		ww.mu.Lock()
		seen := ww.seen
		ww.mu.Unlock()
		if seen >= n {
			return true
		}
		select {
		case <-ww.more:
		case <-deadline:
			return false
		}
	}
}

// blockingSink holds the first batch in Apply until released.
type blockingSink struct {
	*recSink
	hold func(b *Batch)
}

func (s blockingSink) Apply(ctx context.Context, b *Batch) ([]Tidy, error) {
	s.hold(b)
	return s.recSink.Apply(ctx, b)
}

// The bodies of the next batch are fetched while a batch is applied: the
// second batch's body fetch reaches the server while the first batch is
// still in Apply. Batches are still applied one at a time, in UID order.
func TestBodiesOfTheNextBatchAreFetchedDuringApply(t *testing.T) {
	r := newRig(t, rev2)
	port, wire := watchWire(t, "127.0.0.1:"+strconv.Itoa(r.srv.Port), "BODY.PEEK[]")
	d := r.dialer()
	d.Server.Port = port
	r.opts.Dial = d.Dial
	n := BatchSize + 10
	for i := range n {
		r.deliver("INBOX", message(fmt.Sprintf("m%d@acme.example", i), fmt.Sprintf("message %d", i)), time.Time{})
	}
	var mu sync.Mutex
	applying := 0
	first := true
	r.opts.Sink = blockingSink{recSink: r.sink, hold: func(b *Batch) {
		mu.Lock()
		applying++
		if applying > 1 {
			t.Errorf("batch %d… handed over while another was in Apply", b.Messages[0].UID)
		}
		wasFirst := first && len(b.Messages) > 0
		first = first && !wasFirst
		mu.Unlock()
		if wasFirst && !wire.waitSeen(2, 20*time.Second) {
			t.Errorf("the second batch's bodies were not fetched while the first was applied")
		}
		mu.Lock()
		applying--
		mu.Unlock()
	}}
	r.start()
	got := r.sink.nextWith(t, n, ModeFirstLook)
	for i, uid := range got {
		if uid != uint32(i+1) {
			t.Fatalf("applied UIDs %v…, want 1 to %d in order", got[:min(len(got), i+3)], n)
		}
	}
}
