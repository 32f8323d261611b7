package main

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/outbox"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// completer offers the completions of one argument or flag value: what
// toComplete may become, given the arguments before it.
type completer func(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective)

// completeWith adapts f for cobra; nil completes nothing (and no file
// names, which the shell would offer otherwise).
func (a *app) completeWith(f completer) cobra.CompletionFunc {
	if f == nil {
		f = noCompletion
	}
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return f(a, cmd, args, toComplete)
	}
}

const noFiles = cobra.ShellCompDirectiveNoFileComp

// maxCompletions bounds what one completion offers from the database.
const maxCompletions = 100

// completionTimeout bounds the database's part of a completion: the
// shell waits for it.
const completionTimeout = 2 * time.Second

func noCompletion(*app, *cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, noFiles
}

// fixed completes one of words.
func fixed(words ...string) completer {
	return func(_ *app, _ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return withPrefix(words, toComplete), noFiles
	}
}

// completeFiles completes file names, only those ending in one of exts
// when given (and directories, to walk into).
func completeFiles(exts ...string) completer {
	return func(*app, *cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(exts) == 0 {
			return nil, cobra.ShellCompDirectiveDefault
		}
		return exts, cobra.ShellCompDirectiveFilterFileExt
	}
}

func completeDirs(*app, *cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completeCommands completes the command names after "rapport help".
func completeCommands(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	parent, rest, err := cmd.Root().Find(args)
	if err != nil || len(rest) > 0 {
		return nil, noFiles
	}
	var out []cobra.Completion
	for _, c := range parent.Commands() {
		if c.IsAvailableCommand() && strings.HasPrefix(c.Name(), toComplete) {
			out = append(out, cobra.CompletionWithDesc(c.Name(), c.Short))
		}
	}
	return out, noFiles
}

func withPrefix(words []string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, w := range words {
		if strings.HasPrefix(w, prefix) {
			out = append(out, w)
		}
	}
	return out
}

func completeStatuses(*app, *cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, s := range workflow.Statuses() {
		out = append(out, string(s))
	}
	return out, noFiles
}

func completeStages(*app, *cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, s := range workflow.Stages() {
		out = append(out, strings.ReplaceAll(string(s), "_", "-"))
	}
	return out, noFiles
}

// completeOutboxStatuses completes --status of outbox list, after the
// statuses already given before a comma.
func completeOutboxStatuses(_ *app, _ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done = toComplete[:i+1]
	}
	var out []cobra.Completion
	for _, s := range statuses {
		if !slices.Contains(strings.Split(done, ","), s) {
			out = append(out, done+s)
		}
	}
	return out, noFiles | cobra.ShellCompDirectiveNoSpace
}

func completeTemplates(_ *app, _ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	return templates.Names(), noFiles
}

// markVerbs are what mark records, as markUsage lists them.
var markVerbs = []string{"met", "scheduled", "drop", "pause", "resume", "declined", "tier"}

// tierWords are what mark's tier takes.
var tierWords = []string{"A", "B", "C", "D", "none"}

// completeMark completes mark's contact, then what happened.
func completeMark(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	switch len(args) {
	case 0:
		return completeContacts(a, cmd, args, toComplete)
	case 1:
		return withPrefix(markVerbs, toComplete), noFiles
	case 2:
		if args[1] == "tier" {
			return withPrefix(tierWords, toComplete), noFiles
		}
	}
	return nil, noFiles
}

// peek opens the database rapport would use, read-only, for a
// completion: nil when there is none yet or it cannot be read, since a
// completion must never fail loudly. Close the store when done.
func (a *app) peek(ctx context.Context) *store.Store {
	a.fromEnv()
	path := a.dbPath
	if path == "" {
		cfg, err := config.LoadDefault(a.configPath)
		if err != nil {
			return nil
		}
		path = cfg.Paths.Database
	}
	st, err := store.OpenReadOnly(ctx, path)
	if err != nil {
		return nil
	}
	return st
}

// fromStore runs list on the database read-only, within
// completionTimeout; nothing when the database cannot be read.
func fromStore(a *app, cmd *cobra.Command, list func(ctx context.Context, tx *store.Tx) []cobra.Completion) []cobra.Completion {
	ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
	defer cancel()
	st := a.peek(ctx)
	if st == nil {
		return nil
	}
	defer st.Close()
	out := list(ctx, st.Read())
	if len(out) > maxCompletions {
		out = out[:maxCompletions]
	}
	return out
}

// completeContacts completes one contact, the first argument: see
// contactsFrom.
func completeContacts(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, noFiles
	}
	return contactsFrom(a, cmd, args, toComplete)
}

// completeEachContact completes a contact in every argument, leaving out
// the #ids given before.
func completeEachContact(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return contactsFrom(a, cmd, args, toComplete)
}

// contactsFrom completes a contact from the database: its #id (described
// by its name and address) when toComplete is empty or a number, else the
// names and addresses that start with it, whatever their case.
func contactsFrom(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	prefix := strings.ToLower(toComplete)
	out := fromStore(a, cmd, func(ctx context.Context, tx *store.Tx) []cobra.Completion {
		list, err := tx.ListContacts(ctx, store.ListOptions{})
		if err != nil {
			return nil
		}
		var out []cobra.Completion
		seen := map[string]bool{}
		add := func(c cobra.Completion) {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
		id := strings.TrimPrefix(prefix, "#")
		if _, err := strconv.Atoi(id); err == nil || id == "" {
			for i := range list {
				c := &list[i]
				if s := strconv.FormatInt(c.ID, 10); strings.HasPrefix(s, id) && !slices.Contains(args, s) {
					add(cobra.CompletionWithDesc(s, nameAndEmail(c)))
				}
			}
			return out
		}
		for i := range list {
			c := &list[i]
			if strings.HasPrefix(strings.ToLower(c.Name), prefix) {
				add(cobra.CompletionWithDesc(c.Name, strings.TrimSpace(fmt.Sprintf("#%d %s", c.ID, c.Email))))
			}
			if strings.HasPrefix(strings.ToLower(c.Email), prefix) {
				add(cobra.CompletionWithDesc(c.Email, fmt.Sprintf("#%d %s", c.ID, c.Name)))
			}
		}
		return out
	})
	return out, noFiles
}

// completeTags completes the tags the contacts have.
func completeTags(a *app, cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	out := fromStore(a, cmd, func(ctx context.Context, tx *store.Tx) []cobra.Completion {
		list, err := tx.ListContacts(ctx, store.ListOptions{})
		if err != nil {
			return nil
		}
		var tags []string
		for _, c := range list {
			for _, t := range c.Tags {
				if !slices.Contains(tags, t) && strings.HasPrefix(t, strings.ToLower(toComplete)) {
					tags = append(tags, t)
				}
			}
		}
		slices.Sort(tags)
		return tags
	})
	return out, noFiles
}

// completeOutbox completes the ID of an outbox message in these statuses
// (those outbox list shows when none are given), each described by its
// status, template, recipient and subject: in the first argument, or in
// every one when many.
func completeOutbox(many bool, statuses ...string) completer {
	if len(statuses) == 0 {
		statuses = outbox.Pending
	}
	return func(a *app, cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 && !many {
			return nil, noFiles
		}
		out := fromStore(a, cmd, func(ctx context.Context, tx *store.Tx) []cobra.Completion {
			list, err := tx.ListOutbox(ctx, store.OutboxFilter{Statuses: statuses})
			if err != nil {
				return nil
			}
			var out []cobra.Completion
			for i := range list {
				o := &list[i]
				id := strconv.FormatInt(o.ID, 10)
				if strings.HasPrefix(id, toComplete) && !slices.Contains(args, id) {
					out = append(out, cobra.CompletionWithDesc(id, fmt.Sprintf("%s %s to %s: %s", o.Status, o.Template, showAddresses(o.To), o.Subject)))
				}
			}
			return out
		})
		return out, noFiles
	}
}

// plainFlagUsages takes the backquotes that name a flag's value
// ("only contacts in this `STATUS`") out of every flag's usage in
// cmd's tree, as help shows them: completion shows the usage as it is.
func plainFlagUsages(cmd *cobra.Command) {
	plain := func(f *pflag.Flag) { f.Usage = strings.ReplaceAll(f.Usage, "`", "") }
	cmd.Flags().VisitAll(plain)
	cmd.PersistentFlags().VisitAll(plain)
	for _, c := range cmd.Commands() {
		plainFlagUsages(c)
	}
}

// shells are the shells completion writes a script for.
var shells = []string{"bash", "zsh", "fish"}

// runCompletion is "rapport completion SHELL": cobra's script for SHELL,
// which asks "rapport __complete …" for each completion.
func runCompletion(ctx context.Context, a *app, args []string) error {
	if len(args) != 1 {
		return usagef("which shell? give bash, zsh or fish")
	}
	root := a.tree
	switch args[0] {
	case "bash":
		return root.GenBashCompletionV2(a.stdout, true)
	case "zsh":
		return root.GenZshCompletion(a.stdout)
	case "fish":
		return root.GenFishCompletion(a.stdout, true)
	}
	return usagef("no completion for %q: give bash, zsh or fish", args[0])
}
