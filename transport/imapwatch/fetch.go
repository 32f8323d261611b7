package imapwatch

import (
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// fetched is a message whose headers arrived, and the Sink's answer.
type fetched struct {
	Head
	want Want
}

// fetchHeaders fetches the size, structure and header fields of uids, in
// UID order.
func (s *folderSync) fetchHeaders(uids []imap.UID) ([]fetched, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: s.w.fields, Peek: true}
	var bufs []*imapclient.FetchMessageBuffer
	err := waitFor(s.c, s.w.timeout, func() (err error) {
		bufs, err = s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
			UID: true, RFC822Size: true, BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
			BodySection: []*imap.FetchItemBodySection{section},
		}).Collect()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fetch headers of %d messages: %w", len(uids), err)
	}
	out := make([]fetched, 0, len(bufs))
	for _, b := range bufs {
		if b.UID == 0 {
			continue // an unsolicited FETCH (flag change) mixed into the response
		}
		out = append(out, fetched{Head: Head{
			UID:       uint32(b.UID),
			Header:    b.FindBodySection(section),
			Size:      b.RFC822Size,
			Structure: b.BodyStructure,
			TooBig:    s.w.maxBody > 0 && b.RFC822Size > s.w.maxBody,
		}})
	}
	slices.SortFunc(out, func(a, b fetched) int { return int(a.UID) - int(b.UID) })
	return out, nil
}

// fetchBodies fetches the whole messages of uids, by UID.
func (s *folderSync) fetchBodies(uids []imap.UID) (map[uint32][]byte, error) {
	section := &imap.FetchItemBodySection{Peek: true}
	bodies := make(map[uint32][]byte, len(uids))
	err := waitFor(s.c, s.w.timeout, func() error {
		cmd := s.c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			b, err := msg.Collect()
			if err != nil {
				cmd.Close()
				return err
			}
			if b.UID != 0 {
				bodies[uint32(b.UID)] = b.FindBodySection(section)
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("fetch %d messages: %w", len(uids), err)
	}
	return bodies, nil
}
