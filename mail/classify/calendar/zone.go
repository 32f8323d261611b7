package calendar

import (
	"strings"
	"time"
	_ "time/tzdata" // the daemon may run where /usr/share/zoneinfo is missing
)

// zone is the rule that maps wall-clock times of a TZID to instants.
type zone interface {
	// offset returns the UTC offset, in seconds, in force at unix.
	offset(unix int64) int
	// location returns the location to show the instant unix in.
	location(unix int64) *time.Location
}

// ianaZone is a zone of the IANA database (or a fixed offset).
type ianaZone struct{ loc *time.Location }

func (z ianaZone) offset(unix int64) int {
	_, off := time.Unix(unix, 0).In(z.loc).Zone()
	return off
}

func (z ianaZone) location(int64) *time.Location { return z.loc }

// instant returns the instant at which the wall clock of z shows wall
// (a wall-clock time expressed as seconds since 1970-01-01 00:00 on that
// clock), following RFC 5545 section 3.3.5: a time that occurs twice, when
// clocks go back, is the first of the two; a time that does not occur,
// when clocks go forward, is read with the offset in force before the gap.
// (time.Date leaves both cases unspecified, and differs between zones east
// and west of Greenwich.)
func instant(wall int64, z zone) int64 {
	before, after := z.offset(wall-86400), z.offset(wall+86400)
	best, found := int64(0), false
	for _, off := range [2]int{before, after} {
		u := wall - int64(off)
		if z.offset(u) == off && (!found || u < best) {
			best, found = u, true
		}
	}
	if !found {
		return wall - int64(before)
	}
	return best
}

// zones resolves the TZIDs of one calendar object, caching each answer.
type zones struct {
	vtimezones map[string]*vtimezone // by upper-cased TZID
	cache      map[string]zone
}

// resolve returns the zone a TZID names, trying in turn: the IANA
// database ("Europe/Berlin", also behind a vendor prefix such as
// "/mozilla.org/20050126_1/Europe/Berlin"), the Windows zone names Outlook
// and Exchange write ("W. Europe Standard Time", or the display name
// "(UTC+01:00) Amsterdam, Berlin, …"), the object's own VTIMEZONE, and
// last the fixed offset of a display name. It returns nil when none
// applies.
func (zs *zones) resolve(tzid string) zone {
	tzid = strings.TrimSpace(tzid)
	if tzid == "" || len(tzid) > 128 {
		return nil
	}
	if z, ok := zs.cache[tzid]; ok {
		return z
	}
	z := zs.lookup(tzid)
	if zs.cache == nil {
		zs.cache = make(map[string]zone)
	}
	zs.cache[tzid] = z
	return z
}

func (zs *zones) lookup(tzid string) zone {
	if loc := loadIANA(tzid); loc != nil {
		return ianaZone{loc}
	}
	if name := windowsZone(tzid); name != "" {
		if loc := loadIANA(name); loc != nil {
			return ianaZone{loc}
		}
	}
	if vz := zs.vtimezones[strings.ToUpper(tzid)]; vz != nil {
		if loc := loadIANA(vz.licLocation); loc != nil {
			return ianaZone{loc}
		}
		return vz
	}
	if off, ok := displayOffset(tzid); ok {
		return ianaZone{time.FixedZone(tzid, off)}
	}
	return nil
}

// loadIANA loads the named IANA zone, or the IANA name at the end of a
// vendor-prefixed TZID, and returns nil when there is none. It never
// returns the machine's local zone.
func loadIANA(name string) *time.Location {
	for {
		if name != "" && name != "Local" && !strings.HasPrefix(name, "/") {
			if loc, err := time.LoadLocation(name); err == nil {
				return loc
			}
		}
		i := strings.IndexByte(name, '/')
		if i < 0 {
			return nil
		}
		name = name[i+1:]
	}
}
