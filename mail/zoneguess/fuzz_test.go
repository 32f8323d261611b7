package zoneguess

import (
	"testing"
	"time"
)

// FuzzGuess checks that any dates, offsets and domain give either no
// guess or a zone that loads and fits every observation.
func FuzzGuess(f *testing.F) {
	f.Add(jan.Unix(), 3600, jul.Unix(), 7200, "firma.de", uint8(0))
	f.Add(jan.Unix(), 0, jul.Unix(), 0, "x.co.uk.", uint8(1))
	f.Add(int64(-1<<62), -50400, int64(1<<62), 50400, "@", uint8(2))
	f.Add(int64(0), 20220, int64(0), 20220, "", uint8(3))
	owners := []*time.Location{nil, time.UTC, time.Local, time.FixedZone("X/Y", 3600)}
	if loc, err := time.LoadLocation("Europe/Vienna"); err == nil {
		owners = append(owners, loc)
	}
	f.Fuzz(func(t *testing.T, at1 int64, off1 int, at2 int64, off2 int, domain string, owner uint8) {
		obs := []Observation{{time.Unix(at1, 0), off1}, {time.Unix(at2, 0), off2}}
		loc := owners[int(owner)%len(owners)]
		zone, ok := Guess(obs, domain, loc)
		if !ok {
			if zone != "" {
				t.Fatalf("Guess() = %q, false", zone)
			}
			return
		}
		z, err := time.LoadLocation(zone)
		if err != nil && (loc == nil || zone != loc.String()) {
			t.Fatalf("Guess() = %q, which does not load: %v", zone, err)
		}
		if err == nil && !fits(z, obs) {
			t.Fatalf("Guess(%v) = %q, which does not fit", obs, zone)
		}
		if recent, used, ok := Recent(obs, domain, loc); !ok || len(used) != 2 || recent != zone {
			t.Fatalf("Recent() = %q, %v, %v; want Guess's %q from both", recent, used, ok, zone)
		}
	})
}
