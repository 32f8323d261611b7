package imapwatch

import (
	"context"
	"net"
	"syscall"
	"testing"
	"time"
)

// The IMAP connection asks the kernel to probe it while it is quiet, so
// that a path cut without a word during IDLE is found within 90 s.
func TestIMAPConnectionIsProbedWhenQuiet(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	conn, err := dialTCP(context.Background(), ln.Addr().String(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	raw, err := conn.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	err = raw.Control(func(fd uintptr) {
		for name, opt := range map[string][2]int{
			"SO_KEEPALIVE":  {syscall.SOL_SOCKET, syscall.SO_KEEPALIVE},
			"TCP_KEEPIDLE":  {syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE},
			"TCP_KEEPINTVL": {syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL},
			"TCP_KEEPCNT":   {syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT},
		} {
			v, err := syscall.GetsockoptInt(int(fd), opt[0], opt[1])
			if err != nil {
				t.Errorf("getsockopt %s: %v", name, err)
			}
			got[name] = v
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got["SO_KEEPALIVE"] == 0 {
		t.Fatal("keep-alive probes are off: a silent cut during IDLE would go unnoticed until the next NOOP")
	}
	if worst := time.Duration(got["TCP_KEEPIDLE"]+got["TCP_KEEPINTVL"]*got["TCP_KEEPCNT"]) * time.Second; worst > 90*time.Second {
		t.Fatalf("a silent cut is found after %s at worst (%v), want at most 90s", worst, got)
	}
}
