package doctor

import (
	"errors"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/transport/imapwatch"
)

// TestFolders checks what the doctor says of the folders a probe found,
// with no server: each folder rapport uses must exist and hold mail, a
// name that differs only in case is suggested, and the Sent folder is
// found as the daemon finds it.
func TestFolders(t *testing.T) {
	folders := []imapwatch.Folder{
		{Name: "INBOX", Selectable: true}, {Name: "Sent", SpecialUse: `\Sent`, Selectable: true},
		{Name: "Archive", SpecialUse: `\Archive`, Selectable: true}, {Name: "Projects"},
		{Name: "networking", Selectable: true}, {Name: "Receipts", Selectable: true},
	}
	marked := &imapwatch.IMAPProbe{IDLE: true, SpecialUse: true, Sent: "Sent", Folders: folders}
	tests := []struct {
		name    string
		probe   *imapwatch.IMAPProbe
		watch   []string // imap.folders
		machine string   // imap.machine_folder
		sent    string   // imap.sent_folder
		noSMTP  bool
		want    []string
	}{
		{name: "all there", probe: marked, watch: []string{"Receipts"}, machine: "Archive", want: []string{
			"✓ imap: IDLE supported: new mail is seen at once",
			`✓ imap: folders: INBOX, Sent (\Sent), Archive (\Archive) and 3 more`,
			`✓ imap: watched folder "INBOX" exists`,
			`✓ imap: watched folder "Receipts" exists`,
			`✓ imap: machine mail folder "Archive" exists`,
			`✓ imap: sent folder "Sent" (the server marks it \Sent)`,
		}},
		{name: "missing, unselectable and in another case", probe: marked, watch: []string{"Networking", "Projects"}, machine: "Machine", sent: "sent", want: []string{
			"✓ imap: IDLE supported: new mail is seen at once",
			`✓ imap: folders: INBOX, Sent (\Sent), Archive (\Archive) and 3 more`,
			`✓ imap: watched folder "INBOX" exists`,
			`✗ imap: watched folder "Networking" does not exist — did you mean "networking"? create it in your mail app, or fix imap.folders`,
			`✗ imap: watched folder "Projects" only holds other folders (\Noselect) — choose a folder that holds mail in imap.folders`,
			`✗ imap: machine mail folder "Machine" does not exist — create it in your mail app, or fix imap.machine_folder`,
			`✗ imap: sent folder "sent" (imap.sent_folder) does not exist — did you mean "Sent"? set imap.sent_folder = "Sent", the folder the server marks \Sent, or leave it out`,
		}},
		{name: "no idle, no special use, sent by name",
			probe: &imapwatch.IMAPProbe{Sent: "Sent Items", Folders: []imapwatch.Folder{{Name: "Inbox", Selectable: true}, {Name: "Sent Items", Selectable: true}}},
			want: []string{
				"! imap: the server has no IDLE — rapport looks for new mail every 2m instead (imap.poll_interval)",
				"✓ imap: folders: Inbox and 1 more (the server marks no special folders: no SPECIAL-USE)",
				`✓ imap: watched folder "Inbox" exists`,
				`✓ imap: sent folder "Sent Items" (by its name)`,
			}},
		{name: "no sent folder found", probe: &imapwatch.IMAPProbe{IDLE: true, SpecialUse: true, SentErr: errors.New("no folder is marked \\Sent"),
			Folders: []imapwatch.Folder{{Name: "INBOX", Selectable: true}}}, want: []string{
			"✓ imap: IDLE supported: new mail is seen at once",
			"✓ imap: folders: INBOX",
			`✓ imap: watched folder "INBOX" exists`,
			`✗ imap: no folder is marked \Sent — set imap.sent_folder to the folder your mail app keeps sent mail in`,
		}},
		{name: "sent folder set and there", probe: marked, sent: "Sent", want: []string{
			"✓ imap: IDLE supported: new mail is seen at once",
			`✓ imap: folders: INBOX, Sent (\Sent), Archive (\Archive) and 3 more`,
			`✓ imap: watched folder "INBOX" exists`,
			`✓ imap: sent folder "Sent" exists (imap.sent_folder)`,
		}},
		{name: "no smtp, no sent folder needed", probe: marked, noSMTP: true, want: []string{
			"✓ imap: IDLE supported: new mail is seen at once",
			`✓ imap: folders: INBOX, Sent (\Sent), Archive (\Archive) and 3 more`,
			`✓ imap: watched folder "INBOX" exists`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig()
			cfg.IMAP.Folders, cfg.IMAP.MachineFolder, cfg.IMAP.SentFolder = tt.watch, tt.machine, tt.sent
			if tt.noSMTP {
				cfg.SMTP.Host = ""
			}
			d := &doctor{report: &Report{}}
			d.folders(tt.probe, cfg)
			if got, want := lines(d.report), strings.Join(tt.want, "\n")+"\n"; got != want {
				t.Errorf("folders() =\n%s\nwant\n%s", got, want)
			}
		})
	}
}
