package command

// helpText is the receipt for help. It is plain text, under 80 columns.
const helpText = `Write one command per line, at the start of your mail (above or below
the quoted text, never inside it) and end them with an empty line; a
command in the subject counts too. Upper or lower case does not matter.

  add Ana Ruiz <ana@initech.example> company: Initech role: Engineer
      someone new (also field:, note:, tz: Europe/Berlin, source:); write
      via #9 right after the address when contact #9 suggested them: the
      request then names #9
  draft #12
      write the request to someone you added and have not asked yet
  met Jane Doe
      you had the conversation
  scheduled jane 2026-12-03 15:00 Europe/Berlin
      a meeting is arranged; without a zone, the time is in yours
  pause #7 until 2027-01-10
      put on hold; without until, until you resume
  resume #7
      take up again where it stopped
  drop #7
      stop for good
  declined #7
      they said no
  note #12 Suggested I talk to her colleague in controls
      keep a note; with a name, end it with a colon: note Jane Doe: …
  snooze #9 5d
      ask me again later (36h, 5d, 2w)
  send #3
      send the draft waiting for approval
  skip #3
      do not send it
  forget #7 fatima@home.example
      that address is not theirs after all (rapport learned it from mail)
  good #12 2 5
      questions 2 and 5 of your prep brief worked well with them
  tier #12 A
      keep in touch every 3 weeks (A), 2 months (B), 6 months (C) or
      yearly (D) once thanked; tier #12 none: the usual wait
  go on #9
      someone at #9's company answered, so #9's nudge waits for you:
      follow up with #9 as planned
  hold #9
      or leave #9 be: no nudge, and nobody else asked on their account
  status #12
      where one contact stands; status all (or status alone): everyone
  list waiting
      the whole of a list the digest cuts short: replies, drafts,
      thank-yous or waiting
  help
      this text

Name a contact by number (#12), by email address (jane@example.com) or by
part of their name (met Jane Doe). Or start the line with the number, as
the digest does: #12 met, #7 drop, #9 snooze 5d, #3 send, #4 skip,
#15 note Loves robots.

Reply to a notice about one contact, and your commands are about that
contact unless you name another: met, scheduled 2026-12-03 15:00,
pause until 2027-01-10, note She knows Ana in controls, status.

Dates: 2026-12-03, 3 Dec 2026, Dec 3 2026, today, tomorrow.
Times: 15:00, 3pm, 3:30pm. 03/12/2026 could be March or December, so
write 2026-12-03 instead.
`

// Help returns the text of the receipt for help: every verb with an
// example, the #id form, and how replying to a notice scopes commands.
func Help() string { return helpText }
