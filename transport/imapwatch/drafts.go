package imapwatch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// The drafts send mode puts a message in the owner's Drafts folder for
// them to edit and send. What rapport filed there is known by a header
// field it writes (DraftKey), never by position alone: the owner's mail
// program may replace, move or delete a draft at any time, and rapport
// must never delete anything but its own untouched copy.

// DraftKey is what recognises one of rapport's drafts in the folder: a
// header field (its Name and Value, e.g. "X-Rapport-Draft: 12") and its
// Message-ID, without angle brackets.
type DraftKey struct {
	Name, Value string
	MessageID   string
}

// FiledDraft is where a draft is: its folder, the folder's UIDVALIDITY,
// its UID there, and its size in octets when filed.
type FiledDraft struct {
	Folder      string
	UIDValidity uint32
	UID         uint32
	Size        int64
}

// ErrNoDraftsFolder is a mailbox with no folder marked \Drafts and none
// with a usual name for one.
var ErrNoDraftsFolder = errors.New(`no Drafts folder: the server marks none and none is named "Drafts"; set imap.drafts_folder`)

// draftsFolder returns the configured Drafts folder, else the one the
// server marks \Drafts (RFC 6154), else the first with a usual name.
func (m *Mailbox) draftsFolder(c *imapclient.Client) (string, error) {
	if m.Drafts != "" {
		return m.Drafts, nil
	}
	list, err := listFolders(c, m.Timeout)
	if err != nil {
		return "", err
	}
	folder := findFolder(list, imap.MailboxAttrDrafts, []string{"Drafts", "Draft", "INBOX.Drafts", "Entwürfe", "Brouillons"})
	if folder == "" {
		return "", ErrNoDraftsFolder
	}
	return folder, nil
}

// FileDraft puts data, dated date, in the Drafts folder, flagged \Draft
// and \Seen, unless a message with key's field is there already (an
// earlier APPEND whose outcome a crash lost): then it returns that one,
// with found true. The UID comes from UIDPLUS's APPENDUID (RFC 4315), or
// without it from a SEARCH for key.
func (m *Mailbox) FileDraft(ctx context.Context, data []byte, key DraftKey, date time.Time) (f FiledDraft, found bool, err error) {
	err = m.session(ctx, func(c *imapclient.Client) error {
		folder, err := m.draftsFolder(c)
		if err != nil {
			return err
		}
		f = FiledDraft{Folder: folder, Size: int64(len(data))}
		uids, validity, err := m.searchUIDs(c, folder, key.criteria())
		if err != nil {
			return err
		}
		if len(uids) > 0 {
			f.UIDValidity, f.UID, found = validity, uint32(uids[0]), true
			f.Size, err = m.sizeOf(c, uids[0])
			return err
		}
		err = waitFor(c, m.Timeout, func() error {
			cmd := c.Append(folder, int64(len(data)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagDraft, imap.FlagSeen}, Time: date})
			if _, err := cmd.Write(data); err != nil {
				cmd.Close()
				return err
			}
			if err := cmd.Close(); err != nil {
				return err
			}
			res, err := cmd.Wait()
			if err != nil {
				return fmt.Errorf("file a draft in %s: %w", folder, err)
			}
			if res != nil && res.UID != 0 {
				f.UIDValidity, f.UID = res.UIDValidity, uint32(res.UID)
			}
			return nil
		})
		if err != nil || f.UID != 0 {
			return err
		}
		uids, f.UIDValidity, err = m.searchUIDs(c, folder, key.criteria())
		if err == nil && len(uids) == 0 {
			err = fmt.Errorf("file a draft in %s: the server took it, and a search cannot find it", folder)
		}
		if err == nil {
			f.UID = uint32(uids[0])
		}
		return err
	})
	return f, found, err
}

// FindDraft says where a filed draft is now: at its UID (with the same
// UIDVALIDITY), else at the first UID whose message carries key's field
// (a mail program that saves an edit replaces the message, and may keep
// the field); present is false when it is in neither place.
func (m *Mailbox) FindDraft(ctx context.Context, f FiledDraft, key DraftKey) (at FiledDraft, present bool, err error) {
	err = m.session(ctx, func(c *imapclient.Client) error {
		if present, _, err = m.inspect(c, f, key, true); err != nil || present {
			at = f
			return err
		}
		uids, validity, err := m.searchUIDs(c, f.Folder, key.criteria())
		if err != nil || len(uids) == 0 {
			return err
		}
		at, present = FiledDraft{Folder: f.Folder, UIDValidity: validity, UID: uint32(uids[0]), Size: f.Size}, true
		return nil
	})
	return at, present, err
}

// WithdrawDraft deletes a filed draft, only when the message at its UID
// is still rapport's untouched copy, by UID STORE \Deleted and UID
// EXPUNGE (UIDPLUS), which removes that message alone; a plain EXPUNGE
// would remove whatever else the owner marked deleted, so without
// UIDPLUS nothing is deleted. It reports whether it deleted it, and
// whether the UID was there at all.
func (m *Mailbox) WithdrawDraft(ctx context.Context, f FiledDraft, key DraftKey) (deleted, present bool, err error) {
	err = m.session(ctx, func(c *imapclient.Client) error {
		var untouched bool
		if present, untouched, err = m.inspect(c, f, key, false); err != nil || !untouched {
			return err
		}
		if !c.Caps().Has(imap.CapUIDPlus) {
			return nil
		}
		set := imap.UIDSetNum(imap.UID(f.UID))
		return waitFor(c, m.Timeout, func() error {
			store := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
			if err := c.Store(set, store, nil).Close(); err != nil {
				return fmt.Errorf("mark the draft deleted in %s: %w", f.Folder, err)
			}
			if err := c.UIDExpunge(set).Close(); err != nil {
				return fmt.Errorf("delete the draft from %s: %w", f.Folder, err)
			}
			deleted = true
			return nil
		})
	})
	return deleted, present, err
}

// inspect selects f's folder (read-only when readOnly) and looks at the
// message at f.UID; a changed UIDVALIDITY means the UID names nothing.
func (m *Mailbox) inspect(c *imapclient.Client, f FiledDraft, key DraftKey, readOnly bool) (present, untouched bool, err error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader,
		HeaderFields: []string{key.Name, "Message-ID"}, Peek: true}
	err = waitFor(c, m.Timeout, func() error {
		sel, err := c.Select(f.Folder, &imap.SelectOptions{ReadOnly: readOnly}).Wait()
		if err != nil {
			return fmt.Errorf("open %s: %w", f.Folder, err)
		}
		if sel.UIDValidity != f.UIDValidity {
			return nil
		}
		bufs, err := c.Fetch(imap.UIDSetNum(imap.UID(f.UID)), &imap.FetchOptions{UID: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return fmt.Errorf("look at the draft in %s: %w", f.Folder, err)
		}
		for _, b := range bufs {
			if uint32(b.UID) != f.UID {
				continue
			}
			present = true
			h := parseFields(b.FindBodySection(section))
			untouched = strings.TrimSpace(h.Get(key.Name)) == key.Value && b.RFC822Size == f.Size &&
				strings.Trim(strings.TrimSpace(h.Get("Message-ID")), "<>") == key.MessageID
		}
		return nil
	})
	return present, untouched, err
}

// sizeOf returns the size of the message at uid in the selected folder.
func (m *Mailbox) sizeOf(c *imapclient.Client, uid imap.UID) (int64, error) {
	var size int64
	err := waitFor(c, m.Timeout, func() error {
		bufs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
		for _, b := range bufs {
			size = b.RFC822Size
		}
		return err
	})
	return size, err
}

// criteria finds the draft by its field; the Message-ID is checked when
// deleting, not when looking, so that a copy found is never appended again.
func (k DraftKey) criteria() *imap.SearchCriteria {
	return &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: k.Name, Value: k.Value}}}
}

// parseFields reads header fields; a malformed header reads as empty.
func parseFields(b []byte) textproto.MIMEHeader {
	r := textproto.NewReader(bufio.NewReader(bytes.NewReader(append(bytes.TrimRight(b, "\r\n"), "\r\n\r\n"...))))
	h, _ := r.ReadMIMEHeader()
	return h
}
