package imapwatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Mailbox runs the short IMAP sessions a sender needs beside the
// watchers' long ones: filing a copy of sent mail, finding whether an
// interrupted send reached the Sent folder, and a last look for an answer
// before a follow-up leaves. Each method opens its own connection, logs
// out and closes it; a Mailbox is safe for concurrent use.
type Mailbox struct {
	// Dial opens each session's connection (Dialer.Dial).
	Dial DialFunc
	// Timeout bounds each command, so that a dead connection is noticed.
	Timeout time.Duration
	// Folders are the watched folders: where SentHas and HeardFrom look
	// for mail that arrived.
	Folders []string
	// Sent is the configured Sent folder; "" finds the one the server
	// marks \Sent, else one with a usual name.
	Sent string
	// Drafts is the configured Drafts folder; "" finds the one the server
	// marks \Drafts, else one with a usual name.
	Drafts string
}

// session runs fn on a fresh connection and logs out.
func (m *Mailbox) session(ctx context.Context, fn func(c *imapclient.Client) error) error {
	c, err := m.Dial(ctx, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := fn(c); err != nil {
		return err
	}
	return waitFor(c, m.Timeout, func() error { return c.Logout().Wait() })
}

// sentFolder returns the configured Sent folder, else the one the server
// marks \Sent, else the first folder with a usual name.
func (m *Mailbox) sentFolder(c *imapclient.Client) (string, error) {
	if m.Sent != "" {
		return m.Sent, nil
	}
	return findSentFolder(c, m.Timeout)
}

// ErrNoSentFolder is a mailbox with no folder marked \Sent and none with
// a usual name for one.
var ErrNoSentFolder = errors.New(`no Sent folder: the server marks none and none is named "Sent"; set imap.sent_folder`)

// findSentFolder returns the folder the server marks \Sent (RFC 6154),
// else the first folder with a usual name, else ErrNoSentFolder.
func findSentFolder(c *imapclient.Client, timeout time.Duration) (string, error) {
	list, err := listFolders(c, timeout)
	if err != nil {
		return "", err
	}
	if f := findFolder(list, imap.MailboxAttrSent, []string{"Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "Sent Mail"}); f != "" {
		return f, nil
	}
	return "", ErrNoSentFolder
}

// listFolders lists every folder, with its special use (RFC 6154) when
// the server has the extension.
func listFolders(c *imapclient.Client, timeout time.Duration) ([]*imap.ListData, error) {
	var list []*imap.ListData
	err := waitFor(c, timeout, func() (err error) {
		opts := &imap.ListOptions{}
		if c.Caps().Has(imap.CapSpecialUse) {
			opts.ReturnSpecialUse = true
		}
		list, err = c.List("", "*", opts).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list folders: %w", err)
	}
	return list, nil
}

// findFolder returns the folder of list marked use, else the first one
// named one of names (in that order, without case), else "".
func findFolder(list []*imap.ListData, use imap.MailboxAttr, names []string) string {
	for _, l := range list {
		for _, a := range l.Attrs {
			if a == use {
				return l.Mailbox
			}
		}
	}
	for _, name := range names {
		for _, l := range list {
			if strings.EqualFold(l.Mailbox, name) {
				return l.Mailbox
			}
		}
	}
	return ""
}

// AppendSent files data, as sent at date, in the Sent folder, marked
// \Seen. It blocks until the server took it, or fails.
func (m *Mailbox) AppendSent(ctx context.Context, data []byte, date time.Time) error {
	return m.session(ctx, func(c *imapclient.Client) error {
		folder, err := m.sentFolder(c)
		if err != nil {
			return err
		}
		return waitFor(c, m.Timeout, func() error {
			cmd := c.Append(folder, int64(len(data)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: date})
			if _, err := cmd.Write(data); err != nil {
				cmd.Close()
				return err
			}
			if err := cmd.Close(); err != nil {
				return err
			}
			_, err := cmd.Wait()
			if err != nil {
				return fmt.Errorf("file a copy in %s: %w", folder, err)
			}
			return nil
		})
	})
}

// SentHas reports whether the Sent folder holds a message with that
// Message-ID (without angle brackets), or with watched, any watched folder:
// a notice to the owner lands in their INBOX, and a provider may file no
// copy in Sent. Without a Sent folder it fails, unless watched.
func (m *Mailbox) SentHas(ctx context.Context, messageID string, watched bool) (bool, error) {
	found := false
	criteria := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: messageID}}}
	err := m.session(ctx, func(c *imapclient.Client) error {
		folder, err := m.sentFolder(c)
		if err != nil && !watched {
			return err
		}
		folders := m.Folders
		if err == nil {
			folders = append([]string{folder}, folders...)
		}
		if !watched {
			folders = folders[:1]
		}
		for _, f := range folders {
			if found, err = m.search(c, f, criteria); err != nil || found {
				return err
			}
		}
		return nil
	})
	return found, err
}

// LastLook is what an answer is recognised by in the last look before a
// follow-up: mail from any of From (plain addresses, or "@domain" for
// anyone at a domain), or mail whose In-Reply-To or References names one
// of Thread (Message-IDs of the mail sent, without angle brackets),
// whoever sent it.
type LastLook struct {
	From   []string
	Thread []string
}

// criteria is the IMAP SEARCH for l since the given day, leaving out mail
// from the addresses in self (the owner's).
func (l LastLook) criteria(since time.Time, self []string) *imap.SearchCriteria {
	var any []imap.SearchCriteria
	for _, f := range l.From {
		any = append(any, imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "From", Value: f}}})
	}
	for _, id := range l.Thread {
		for _, key := range []string{"In-Reply-To", "References"} {
			any = append(any, imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: key, Value: "<" + id + ">"}}})
		}
	}
	c := &imap.SearchCriteria{Since: since}
	if len(any) > 0 {
		or := orAll(any)
		c.And(&or)
	}
	for _, a := range self {
		c.Not = append(c.Not, imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "From", Value: a}}})
	}
	return c
}

// orAll joins criteria with IMAP's binary OR.
func orAll(list []imap.SearchCriteria) imap.SearchCriteria {
	if len(list) == 1 {
		return list[0]
	}
	return imap.SearchCriteria{Or: [][2]imap.SearchCriteria{{list[0], orAll(list[1:])}}}
}

// HeardFrom reports whether any watched folder holds mail that l
// recognises as an answer since the given day, other than from the
// addresses in self (the owner's), that the caller has not handled yet:
// an answer that arrived but whose effects the caller has not recorded.
// handled gives, for a folder, the checkpoint of what was handled, and
// false when none is known; mail at or below it is the caller's to judge
// from what it recorded (an out-of-office answer is there, and must not
// hold a follow-up forever).
func (m *Mailbox) HeardFrom(ctx context.Context, l LastLook, self []string, since time.Time, handled func(folder string) (Checkpoint, bool)) (bool, error) {
	found := false
	criteria := l.criteria(since, self)
	err := m.session(ctx, func(c *imapclient.Client) error {
		for _, f := range m.Folders {
			uids, validity, err := m.searchUIDs(c, f, criteria)
			if err != nil {
				return err
			}
			cp, ok := handled(f)
			for _, uid := range uids {
				if !ok || cp.UIDValidity != validity || uint32(uid) > cp.LastUID {
					found = true
					return nil
				}
			}
		}
		return nil
	})
	return found, err
}

func (m *Mailbox) search(c *imapclient.Client, folder string, criteria *imap.SearchCriteria) (bool, error) {
	uids, _, err := m.searchUIDs(c, folder, criteria)
	return len(uids) > 0, err
}

// searchUIDs returns the UIDs of folder's messages that match criteria,
// and the folder's UIDVALIDITY.
func (m *Mailbox) searchUIDs(c *imapclient.Client, folder string, criteria *imap.SearchCriteria) ([]imap.UID, uint32, error) {
	var data *imap.SearchData
	var validity uint32
	err := waitFor(c, m.Timeout, func() error {
		sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
		if err != nil {
			return fmt.Errorf("open %s: %w", folder, err)
		}
		validity = sel.UIDValidity
		data, err = c.UIDSearch(criteria, nil).Wait()
		if err != nil {
			return fmt.Errorf("search %s: %w", folder, err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return data.AllUIDs(), validity, nil
}
