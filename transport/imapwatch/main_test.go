package imapwatch

import (
	"os"
	"sync/atomic"
	"testing"

	"github.com/rapport-mail/rapport/internal/rig/mailstack"
)

// TestMain stops the Dovecot stack that tests started (mailstack.Shared).
func TestMain(m *testing.M) { os.Exit(mailstack.RunTests(m)) }

// userSeq numbers the stack's users, so that no two tests share a mailbox.
var userSeq atomic.Int32
