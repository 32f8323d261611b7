package mailstack

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

var shared struct {
	once  sync.Once
	stack *Stack
	err   error
}

// Shared returns the test binary's stack, starting it on first use; it calls
// t.Fatal if the stack cannot start (never Skip: a missing server is a broken
// machine, not a reason to pass). RunTests stops it.
func Shared(t testing.TB) *Stack {
	t.Helper()
	shared.once.Do(func() { shared.stack, shared.err = Start() })
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.stack
}

// RunTests runs the tests, stops the shared stack if one was started and
// returns the exit code: `func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }`.
func RunTests(m *testing.M) int {
	code := m.Run()
	if shared.stack != nil {
		if err := shared.stack.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	return code
}
