// Command rapport runs informational-interview outreach by email: it keeps
// contacts and their workflow in SQLite and, as a daemon, watches the
// mailbox, sends templated mail and mails a daily digest.
//
// Run "rapport help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
