package main

// commands is every command of rapport, in the order help lists them:
// its synopsis, help text and examples as data, the function that runs
// it, and how its arguments complete. Each one's flags are declared in
// its own file, next to the code that reads them.
func commands() []spec {
	return []spec{
		{
			use:   "add --name NAME --email ADDRESS [--company COMPANY] [--role ROLE] [--field FIELD] [--source SOURCE] [--url URL] [--introduced-by WHO] [--tz ZONE] [--tag TAG]... [--note TEXT]",
			short: "add a contact",
			long: `Adds one contact by hand. --name and --email are required; an address
another contact already has is refused, naming that contact. WHO in
--introduced-by is a contact already known: an #id, an email or part of a
name. Tags are repeatable and compared without case.`,
			example: `rapport add --name "Ana Ruiz" --email ana@initech.example --company Initech
rapport add --name "Lee Chan" --email lee@example.com --introduced-by jane \
    --tag robotics --tag mentors --tz Asia/Seoul`,
			setup: withFlags(runAdd),
			flags: map[string]completer{"introduced-by": completeContacts, "tz": noCompletion, "tag": completeTags},
		},
		{
			use:   "import FILE.csv [--dry-run] [--skip-bad] [--verbose]",
			short: "import contacts from a CSV file or LinkedIn's Connections.csv",
			long: `Imports contacts from LinkedIn's Connections.csv as it comes, or from a CSV
file with a header row (name, email, company, role, field, source,
introduced by, time zone, tags, notes). A contact whose address is known
already is merged: empty fields are filled, nothing you wrote is
overwritten. All rows are imported or none: bad rows are listed with their
line, and --skip-bad imports the good ones anyway. FILE - reads standard
input.`,
			example: `rapport import Connections.csv --dry-run   # what would happen, nothing written
rapport import Connections.csv
rapport import contacts.csv --skip-bad --verbose`,
			setup: withFlags(runImport),
			args:  completeFiles("csv"),
		},
		{
			use:   "list [--status STATUS] [--stage STAGE] [--tag TAG] [--sort KEY] [--limit N] [--json]",
			short: "list contacts",
			long: `Lists your contacts, one line each: their #id, name, company, status and
the next step with its date. The filters combine. Stages group statuses:
identify (new, drafted), arrange (requested, nudged, replied, scheduled),
follow-up (met, thanked, keeping in touch) and closed (declined, no
response, bounced, dropped; paused counts as closed too).

--sort orders by name, by status (in the order of the workflow), by the
next step (soonest first; contacts without a dated step last) or by when
they were added (newest first); the default is by #id. --limit N shows the
first N after sorting.`,
			example: `rapport list
rapport list --status requested
rapport list --stage follow-up --tag robotics
rapport list --sort next --limit 20
rapport list --json > contacts.json`,
			setup: withFlags(runList),
			flags: map[string]completer{"status": completeStatuses, "stage": completeStages, "tag": completeTags,
				"sort": fixed(sortKeys...), "limit": noCompletion},
		},
		{
			use:   "show WHO [--json]",
			short: "show a contact and their timeline",
			long: `Shows one contact's card (role, company, who introduced them and whom they
introduced, status, meeting, next step, notes) and their timeline. WHO is
an #id, an email, or part of a name; an ambiguous name lists the contacts
it could be.`,
			example: `rapport show 12
rapport show jane@acme.example
rapport show "jane doe" --json`,
			setup: withFlags(runShow),
			args:  completeContacts,
		},
		{
			use:   "companies [--all] [--json]",
			short: "list contacts by company, target companies first",
			long: `Lists the organisations your contacts work at, as the 3B7 routine sees
them: the company typed, case and legal form aside ("Acme, Inc." and
"ACME" are one), else the address's domain. Your target companies
(workflow.target_companies) come first in their order of interest, even
with nobody there yet; then the others, the most recently active first
(the latest change to anyone there), then by name. Each company is named
as most of its contacts typed it, else by its domain.

Under each company, one line per person: their status, whether their
follow-ups wait for your word because a colleague answered (go on or
hold), who is next to ask there, and why they are warm (introduced, or
tagged alumni or warm). Closed contacts (declined, no response, bounced,
dropped) are counted; --all lists them. Contacts with a webmail address
and no company typed belong nowhere: they are counted at the end.`,
			example: `rapport companies
rapport companies --all
rapport companies --json > companies.json`,
			setup: withFlags(runCompanies),
		},
		{
			use:   "mark WHO met|scheduled TIME [ZONE]|drop|pause|resume|declined|tier A|B|C|D|none|go on|hold [--place PLACE] [--duration DURATION] [--until DATE] [--why TEXT]",
			short: "record what happened",
			long: `Records what happened to a contact, as the same words in a mail command
would: met, scheduled with the meeting's time (and the zone it is given in,
else yours), drop, pause (until --until DATE, or until you resume), resume
or declined. The contact's next steps follow from it: a meeting brings a
prep brief, met brings the thank-you, and so on.

tier sets how often to keep in touch once thanked: A every 3 weeks, B
every 2 months, C every 6 months, D yearly by default
([workflow.keep_in_touch_tiers]); none goes back to keep_in_touch_after.
The next keep-in-touch note moves to count from your last interaction by
the new tier. Any mail with them, either way, restarts that count.

go on and hold answer, under the 3B7 policy, for a contact whose nudge
waits because someone at their company answered: go on follows up with
them as planned, hold leaves them be (no nudge, nobody else asked on
their account).`,
			example: `rapport mark 3 scheduled 2026-12-03 15:00 Europe/Berlin --place "video call"
rapport mark 3 scheduled tomorrow 9:30 --duration 45m
rapport mark 3 met
rapport mark jane pause --until 2027-01-10
rapport mark 7 drop --why "changed fields"
rapport mark 12 tier A
rapport mark 9 go on`,
			setup: withFlags(runMark),
			args:  completeMark,
			flags: map[string]completer{"place": noCompletion, "duration": noCompletion, "until": noCompletion, "why": noCompletion},
		},
		{
			use:   "note WHO TEXT...",
			short: "add a note to a contact",
			long: `Adds a dated note to a contact's notes and timeline. The words after WHO
are the note.`,
			example: `rapport note 3 "Suggested I talk to her colleague in controls"`,
			setup:   noFlags(runNote),
			args:    completeContacts,
		},
		{
			use:   "set WHO company|role|field|source|url|tz|name VALUE...",
			short: "change a contact's company, role or another field",
			long: `Changes one field of a contact. The words after the field are its value;
an empty value ("") clears it, except the name. Fix a company here: the
3B7 routine and rapport companies group people by the company typed. tz
takes a zone name, as add's --tz, and counts as yours: rapport no longer
guesses it from their mail. A URL another contact has is refused, naming
them. The timeline keeps what the field was and what it is now.`,
			example: `rapport set 12 company Acme Robotics
rapport set jane role "Principal Engineer"
rapport set 12 tz Europe/Berlin
rapport set 12 url ""`,
			setup: noFlags(runSet),
			args:  completeSet,
		},
		{
			use:   "draft WHO... [--dry-run] | draft --status STATUS [--tag TAG] [--dry-run]",
			short: "write the request to each contact into the outbox",
			long: `Writes the request for an informational interview to each contact named,
or with --status to every contact in that status (--tag narrows it), from
your request template. In approve mode (the default) each request waits
in the outbox for your approval; in direct mode it is approved and leaves
within the send window while rapport run is running. Each contact is
drafted on its own: one refusal (no address, drafted before) does not hold
back the others, and each is reported. --dry-run says what would be
drafted, and writes nothing.`,
			example: `rapport draft jane
rapport draft 3 7 12
rapport draft --status new --tag robotics --dry-run
rapport draft --status new`,
			setup: withFlags(runDraft),
			args:  completeEachContact,
			flags: map[string]completer{"status": completeStatuses, "tag": completeTags},
		},
		{
			use:   "outbox COMMAND",
			short: "list, approve, edit and skip outgoing mail",
			long: `Every message rapport writes waits in the outbox: drafts for your
approval, approved mail until the send window, and failed or uncertain
sends for you to decide on. Nothing in the outbox leaves unless rapport
run is running.`,
			example: `rapport outbox list
rapport outbox show 12
rapport outbox approve 12 13`,
			sub: outboxCommands(),
		},
		{
			use:   "digest --preview [--week] [--html FILE] | digest --send",
			short: "show today's digest, or send it now",
			long: `The daemon mails you a digest every day at digest.time. --preview prints
today's digest as it would be mailed (the plain text, and the HTML part to
--html FILE) without sending it or counting it as sent. --send writes it
into the outbox now, approved: it leaves when rapport run sends it, and
counts as today's digest if the daemon has not written one yet. --send
needs a recipient: digest.recipient, or your first owner.addresses.
On digest.weekly_day the digest also looks back on the week; --week
shows that look back on any day.`,
			example: `rapport digest --preview
rapport digest --preview --html today.html
rapport digest --week
rapport digest --send`,
			setup: withFlags(runDigest),
			flags: map[string]completer{"html": completeFiles("html")},
		},
		{
			use:   "problems [--days N] [--json]",
			short: "list what rapport read and did not act on, and why",
			long: `Lists what rapport read and left, or could not do, as the digest's
problems do: mail to rapport that was not authenticated or was automatic,
approvals that changed nothing, mail from contacts it could not read,
templates that failed, time without a mailbox connection.`,
			example: "rapport problems\nrapport problems --days 30 --json",
			setup:   withFlags(runProblems),
			flags:   map[string]completer{"days": noCompletion},
		},
		{
			use:   "export [--format FORMAT] [--output FILE]",
			short: "export every contact",
			long: `Writes every contact to standard output or FILE: as CSV, which rapport
import reads back as it was, or as JSON with each contact's timeline.`,
			example: "rapport export --output contacts.csv\nrapport export --format json > contacts.json",
			setup:   withFlags(runExport),
			flags:   map[string]completer{"format": fixed("csv", "json"), "output": completeFiles()},
		},
		{
			use:   "run [--json-logs] [--debug]",
			short: "run the daemon: watch the mailbox",
			long: `Runs the daemon until SIGTERM or SIGINT: it watches your mailbox, applies
what each message means to its contact, fires the timers, sends approved
mail within the send window, and mails the daily digest. SIGHUP reloads
the configuration and the templates, keeping the old ones when the new
ones are broken. It needs a configuration file with [owner] and [imap].
Under systemd it logs without timestamps and speaks sd_notify.`,
			example: "rapport run\nrapport run --config /etc/rapport/config.toml --json-logs",
			setup:   withFlags(runRun),
		},
		{
			use:   "inspect [--json] FILE.eml...",
			short: "show what rapport understands of raw messages",
			long: `Prints what rapport understands of each message file: its kind (reply,
automatic reply, bounce, forward, invitation…), addresses, dates, and the
details of a bounce, an automatic reply, an invitation or a forward. A
malformed message is shown as far as it can be read. FILE - reads
standard input.`,
			example: "rapport inspect message.eml\nrapport inspect --json *.eml",
			setup:   withFlags(runInspect),
			args:    completeFiles("eml"),
		},
		{
			use:   "config COMMAND",
			short: "check a configuration file",
			long: `Works on the configuration file: ~/.config/rapport/config.toml by default
(under systemd, $CONFIGURATION_DIRECTORY/config.toml), or the file given
with --config or $` + envConfig + `.`,
			example: "rapport config check",
			sub: []spec{{
				use:   "check [FILE]",
				short: "list every problem of a configuration file, or say it is OK",
				long: `Checks FILE (default: the configuration file rapport reads) and lists
every problem at once, each with its line and key, or says "config OK"
after showing how rapport will log in to each server and which of your
mail reaches it as commands. Unknown keys are problems too.`,
				example: "rapport config check\nrapport config check /etc/rapport/config.toml",
				setup:   noFlags(runConfigCheck),
				args:    completeFiles("toml"),
			}},
		},
		{
			use:   "doctor [--send-test ADDRESS]",
			short: "check the configuration, database and mail accounts",
			long: `Checks the configuration, the templates, the database, the time zone and
both mail servers (logging in to each), one line per check: ✓ when it
works, ✗ with how to fix it, ! for what works but deserves a look. It
fails when any check does. --send-test also sends one short message to
ADDRESS.`,
			example: "rapport doctor\nrapport doctor --send-test you@example.com",
			setup:   withFlags(runDoctor),
			flags:   map[string]completer{"send-test": noCompletion},
		},
		{
			use:   "backup FILE",
			short: "copy the database safely, even while rapport runs",
			long: `Writes a consistent copy of the database to FILE, which must not exist,
while the daemon goes on running, checks it, and prints how to restore it.`,
			example: "rapport backup rapport-$(date +%F).db",
			setup:   noFlags(runBackup),
			args:    completeFiles("db"),
		},
		{
			use:   "templates COMMAND",
			short: "set up, check and preview the message templates",
			long: `rapport writes every message from a template. The built-in ones are in
the binary; to change one, write the defaults to a directory with
templates init, edit what you want, and set paths.templates to it.`,
			example: "rapport templates init ~/.config/rapport/templates\nrapport templates check\nrapport templates preview request --contact jane",
			sub:     templatesCommands(),
		},
		{
			use:   "demo [--keep]",
			short: "play a short story on a throwaway database",
			long: `Plays a week of outreach in about a second: the real daemon on an
in-process mailbox with a fast clock, narrating each step and saving every
message as an .eml file. No mail account is needed; --keep leaves its
database to explore with rapport list --db.`,
			example: "rapport demo\nrapport demo --keep",
			setup:   withFlags(runDemo),
		},
		{
			use:   "version",
			short: "print the version",
			long: `Prints rapport's version, the Go version it was built with and the
database schema it writes.`,
			example: "rapport version",
			setup:   noFlags(runVersion),
		},
		{
			use:   "completion bash|zsh|fish",
			short: "print the shell completion script",
			long: `Prints the script that teaches your shell to complete rapport's commands,
flags, contacts (their #ids and names, from your database), statuses,
template names and outbox IDs. Load it in the running shell, or install it
for every new one:

    # bash
    source <(rapport completion bash)
    rapport completion bash > ~/.local/share/bash-completion/completions/rapport
    # zsh, with compinit enabled
    rapport completion zsh > "${fpath[1]}/_rapport"
    # fish
    rapport completion fish > ~/.config/fish/completions/rapport.fish`,
			example: "source <(rapport completion bash)\nrapport completion fish > ~/.config/fish/completions/rapport.fish",
			setup:   noFlags(runCompletion),
			args:    fixed(shells...),
		},
		{
			use:   "man DIR",
			short: "write a man page for every command into DIR",
			long: `Writes rapport(1) and a page for every command, as rapport-list(1), into
DIR, from the same texts as the help; make man runs it.`,
			example: "rapport man artifacts/man\nman -l artifacts/man/rapport.1",
			hidden:  true,
			setup:   noFlags(runMan),
			args:    completeDirs,
		},
	}
}

// outboxCommands are outbox's subcommands.
func outboxCommands() []spec {
	return []spec{
		{
			use:   "list [--status STATUSES] [--all] [--json]",
			short: "list the messages that need you or are on their way",
			long: `Lists the outbox: by default what needs you or is still on its way
(draft, approved, sending, uncertain, failed), with what each waits for;
--status picks statuses (draft, approved, sending, sent, failed,
uncertain, skipped, cancelled; comma-separated), --all shows every
message.`,
			example: "rapport outbox list\nrapport outbox list --status failed,uncertain\nrapport outbox list --all --json",
			setup:   withFlags(runOutboxList),
			flags:   map[string]completer{"status": completeOutboxStatuses},
		},
		{
			use:   "show ID [--raw | --json]",
			short: "show one message",
			long: `Shows every field of an outbox message and its body. --raw prints the
exact bytes the sender would hand to the server now.`,
			example: "rapport outbox show 12\nrapport outbox show 12 --raw",
			setup:   withFlags(runOutboxShow),
			args:    completeOutbox(false),
		},
		{
			use:   "approve ID...",
			short: "approve drafts: they leave within the send window",
			long: `Approves each draft: it leaves within the send window while rapport run
is running. A draft that still holds a placeholder in square brackets,
like [what I learned], is refused until you replace it (outbox edit).`,
			example: "rapport outbox approve 12\nrapport outbox approve 12 13 14",
			setup:   noFlags(runOutboxApprove),
			args:    completeOutbox(true, "draft"),
		},
		{
			use:   "edit ID [--subject SUBJECT] [--body-file FILE|-]",
			short: "change a draft's or an approved message's words",
			long: `Replaces the subject and/or the body of a draft or an approved message.
Without --subject or --body-file it opens the message in your editor
($VISUAL, else $EDITOR, else vi): the first line is "Subject: …", then an
empty line and the body. An approved message stays approved; a draft stays
a draft.`,
			example: "rapport outbox edit 12\nrapport outbox edit 12 --subject \"Thank you, Jane\"\nrapport outbox edit 12 --body-file reply.txt",
			setup:   withFlags(runOutboxEdit),
			args:    completeOutbox(false, "draft", "approved"),
			flags:   map[string]completer{"subject": noCompletion, "body-file": completeFiles()},
		},
		{
			use:   "skip ID...",
			short: "withdraw drafts or approved messages: they will not be sent",
			long: `Withdraws each draft or approved message that is not yet sending: it
will not be sent.`,
			example: "rapport outbox skip 12",
			setup:   noFlags(runOutboxSkip),
			args:    completeOutbox(true, "draft", "approved"),
		},
		{
			use:   "resend ID",
			short: "approve a failed or uncertain message again",
			long: `Approves a failed message, or one rapport cannot tell was sent
(uncertain), again: it leaves within the send window. For an uncertain
message, look in your Sent folder first: rapport outbox sent ID records
that it did arrive.`,
			example: "rapport outbox resend 12",
			setup:   noFlags(runOutboxResend),
			args:    completeOutbox(false, "failed", "uncertain"),
		},
		{
			use:   "sent ID",
			short: "record that an uncertain message did arrive",
			long: `Records that an uncertain message was sent after all (you found it in
Sent, or its recipient answered it), and moves its contact on as a
confirmed send would.`,
			example: "rapport outbox sent 12",
			setup:   noFlags(runOutboxSent),
			args:    completeOutbox(false, "uncertain"),
		},
	}
}

// templatesCommands are templates' subcommands.
func templatesCommands() []spec {
	return []spec{
		{
			use:   "init DIR [--force]",
			short: "write the built-in templates into DIR to edit them",
			long: `Writes the built-in templates into DIR, leaving files that exist unless
--force. Edit the ones you want to change, delete the others (so they keep
following rapport's updates), set paths.templates to DIR and run rapport
templates check.`,
			example: "rapport templates init ~/.config/rapport/templates",
			setup:   withFlags(runTemplatesInit),
			args:    completeDirs,
		},
		{
			use:   "check [--dir DIR]",
			short: "check the templates, listing every problem",
			long: `Loads the templates of DIR (default: paths.templates) as the daemon
would, and lists every problem with its file and line, or says which
built-in templates they override.`,
			example: "rapport templates check\nrapport templates check --dir ~/.config/rapport/templates",
			setup:   withFlags(runTemplatesCheck),
			flags:   map[string]completer{"dir": completeDirs},
		},
		{
			use:   "preview NAME [--contact WHO] [--dir DIR]",
			short: "show a message as a template would write it",
			long: `Renders template NAME as rapport would draft it, for a stored contact or
a sample one, and prints the message: its From, To and Subject, then the
body. A placeholder left in square brackets is pointed out.`,
			example: "rapport templates preview request\nrapport templates preview thank_you --contact jane",
			setup:   withFlags(runTemplatesPreview),
			args:    completeTemplates,
			flags:   map[string]completer{"contact": completeContacts, "dir": completeDirs},
		},
	}
}
