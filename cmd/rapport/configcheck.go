package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"rapport/config"
)

func runConfig(ctx context.Context, a *app, args []string) error {
	fs := a.flags("config")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "check" {
		return usagef("the config command has one subcommand: check")
	}
	path := a.configPath
	switch len(rest) {
	case 1:
	case 2:
		path = rest[1]
	default:
		return usagef("check takes at most one file")
	}
	cfg, err := config.LoadDefault(path)
	if err != nil {
		return err
	}
	if cfg.Path == "" {
		return fmt.Errorf("no configuration file at %s (copy config.example.toml there, or give a FILE)", config.DefaultPath())
	}
	verr := cfg.Validate()
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(a.stdout, "warning: %s\n", w)
	}
	var problems config.Problems
	if errors.As(verr, &problems) {
		for _, p := range problems {
			fmt.Fprintln(a.stdout, p)
		}
		return fmt.Errorf("%s: %d problem(s)", cfg.Path, len(problems))
	}
	if verr != nil {
		return verr
	}
	printLogins(a.stdout, cfg)
	printCommandRoutes(a.stdout, cfg.Commands)
	fmt.Fprintf(a.stdout, "config OK: %s\n", cfg.Path)
	return nil
}

// printCommandRoutes says which mail of the owner's reaches rapport: the
// addresses in commands.addresses, the subject tag, and replies to notices.
func printCommandRoutes(w io.Writer, c config.Commands) {
	if len(c.Addresses) > 0 {
		fmt.Fprintf(w, "commands: your mail to %s reaches rapport\n", strings.Join(c.Addresses, ", "))
	} else {
		fmt.Fprintln(w, "commands: no address reaches rapport (commands.addresses is empty)")
	}
	if c.SubjectTag != "" {
		fmt.Fprintf(w, "commands: your mail with a subject starting %q or %q reaches rapport\n", c.SubjectTag+":", "["+c.SubjectTag+"]")
	} else {
		fmt.Fprintln(w, `commands: no subject tag reaches rapport (commands.subject_tag is "")`)
	}
	fmt.Fprintln(w, "commands: your replies to rapport's notices always reach it")
}

// printLogins says how rapport logs in to each server: where, the TLS
// mode, the login mechanism and where the password or token comes from
// (never the secret itself). It runs no command and reads no secret.
func printLogins(w io.Writer, cfg *config.Config) {
	tlsModes := map[string]string{config.TLSImplicit: "implicit TLS", config.TLSStartTLS: "STARTTLS", config.TLSNone: "no TLS"}
	for _, s := range []struct {
		name string
		config.Server
	}{{"imap", cfg.IMAP.Server}, {"smtp", cfg.SMTP.Server}} {
		if s.Host == "" {
			continue
		}
		addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
		if s.Username == "" {
			fmt.Fprintf(w, "%s: connect to %s (%s) without a login\n", s.name, addr, tlsModes[s.TLS])
			continue
		}
		how, what := "a password (IMAP LOGIN)", "password"
		switch {
		case s.OAuth():
			how, what = "OAuth 2.0 ("+s.SASLMechanism()+")", "access token"
		case s.name == "smtp":
			how = "a password (AUTH PLAIN, LOGIN, SCRAM-SHA-256, SCRAM-SHA-1 or CRAM-MD5, the first the server offers)"
		}
		fmt.Fprintf(w, "%s: log in to %s (%s) as %s with %s; %s from %s\n",
			s.name, addr, tlsModes[s.TLS], s.Username, how, what, s.SecretSource())
	}
}
