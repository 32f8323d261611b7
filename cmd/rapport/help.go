package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpWidth is the width flag descriptions are wrapped to.
const helpWidth = 80

// writeHelp writes cmd's help to w: what it is, its synopsis, what it
// does, its subcommands, its flags and the flags every command takes, and
// examples. "rapport help X", "rapport X --help" and "rapport X -h" all
// print this.
func (a *app) writeHelp(w io.Writer, cmd *cobra.Command) {
	if !cmd.HasParent() {
		writeRootHelp(w, cmd)
		return
	}
	fmt.Fprintf(w, "%s: %s\n\nUsage:\n  %s\n", cmd.CommandPath(), cmd.Short, cmd.UseLine())
	if cmd.Long != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(cmd.Long))
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\nCommands:\n")
		writeCommandList(w, cmd, "  ")
	}
	if own := cmd.NonInheritedFlags(); own.HasAvailableFlags() {
		fmt.Fprintf(w, "\nFlags:\n%s", flagUsages(own))
	}
	fmt.Fprintf(w, "\nFlags every command takes:\n%s", flagUsages(cmd.InheritedFlags()))
	if cmd.Example != "" {
		fmt.Fprintf(w, "\nExamples:\n%s\n", indent(cmd.Example, "  "))
	}
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\nRun rapport help %s COMMAND for a command's flags and examples.\n", strings.TrimPrefix(cmd.CommandPath(), "rapport "))
	}
}

// writeRootHelp lists every command, the flags they all take and where
// to read more.
func writeRootHelp(w io.Writer, root *cobra.Command) {
	fmt.Fprintf(w, "%s.\n\nUsage:\n  rapport COMMAND [ARGUMENTS] [FLAGS]\n\nCommands:\n", root.Short)
	writeCommandList(w, root, "  rapport ")
	fmt.Fprintf(w, "\nFlags every command takes:\n%s", flagUsages(root.PersistentFlags()))
	fmt.Fprintf(w, "\nEnvironment:\n"+
		"  %s  the configuration file, when --config is not given\n"+
		"  %s      the database file, when --db is not given\n"+
		"  VISUAL, EDITOR  the editor rapport outbox edit opens (vi when neither is set)\n",
		envConfig, envDB)
	fmt.Fprintf(w, "\nRun rapport help COMMAND (or rapport COMMAND --help) for its arguments, flags\nand examples; rapport --version prints the version.\n")
}

// writeCommandList writes one line per available subcommand of cmd,
// prefix, the name and its summary, the summaries aligned.
func writeCommandList(w io.Writer, cmd *cobra.Command, prefix string) {
	width := 0
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			width = max(width, len(c.Name()))
		}
	}
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			fmt.Fprintf(w, "%s%-*s  %s\n", prefix, width, c.Name(), c.Short)
		}
	}
}

// flagUsages lists fs's flags, their descriptions wrapped to helpWidth.
func flagUsages(fs *pflag.FlagSet) string {
	return fs.FlagUsagesWrapped(helpWidth)
}

// indent puts prefix before every line of text.
func indent(text, prefix string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(prefix+l, " ")
	}
	return strings.Join(lines, "\n")
}
