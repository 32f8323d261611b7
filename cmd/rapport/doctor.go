package main

import (
	"context"
	"fmt"
	"net/mail"

	"github.com/rapport-mail/rapport/daemon/doctor"

	"github.com/spf13/pflag"
)

// runDoctor is "rapport doctor": the checks of doctor.Run, printed as they
// are made, one line each: "✓ what", "✗ what — how to fix" or, for what
// works but deserves a look, "! what — what to do". It fails when any ✗.
func runDoctor(ctx context.Context, a *app, f *doctorFlags, rest []string) error {
	sendTest := &f.sendTest
	if len(rest) > 0 {
		return usagef("doctor takes no arguments")
	}
	if *sendTest != "" {
		if addr, err := mail.ParseAddress(*sendTest); err != nil || addr.Address != *sendTest {
			return usagef("--send-test takes a bare address, like you@example.com")
		}
	}
	marks := map[doctor.Status]string{doctor.Pass: "✓ ", doctor.Fail: "✗ ", doctor.Warn: "! "}
	report := doctor.Run(ctx, doctor.Options{ConfigPath: a.configPath, Database: a.dbPath, SendTest: *sendTest, Now: a.now,
		Progress: func(c doctor.Check) {
			if c.Fix != "" {
				c.What += " — " + c.Fix
			}
			fmt.Fprintln(a.stdout, marks[c.Status]+c.What)
		}})
	if n := report.Failed(); n > 0 {
		return fmt.Errorf("%d check(s) failed", n)
	}
	return nil
}

type doctorFlags struct{ sendTest string }

func (f *doctorFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.sendTest, "send-test", "", "also send one short test message to `ADDRESS`")
}
