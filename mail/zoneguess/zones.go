package zoneguess

import (
	"sync"
	"time"

	// Embedded so that every candidate loads on hosts and containers
	// without a zone database; config embeds it too, so the binary does
	// not grow.
	_ "time/tzdata"
)

// candidates are the zones Guess chooses from, most likely first: where
// a professional contact of the owner is most likely to be when several
// zones share the offsets of their mail. Zones with the same offsets all
// year (Europe/Berlin and Europe/Rome) are interchangeable for
// scheduling; they are listed so that a country's domain can pick its own.
var candidates = []string{
	"America/New_York",
	"America/Chicago",
	"America/Los_Angeles",
	"Europe/London",
	"Europe/Berlin",
	"Europe/Paris",
	"Asia/Kolkata",
	"America/Denver",
	"America/Toronto",
	"Europe/Amsterdam",
	"Europe/Madrid",
	"Europe/Rome",
	"Europe/Zurich",
	"Europe/Stockholm",
	"Europe/Dublin",
	"Australia/Sydney",
	"Asia/Singapore",
	"Asia/Tokyo",
	"Asia/Shanghai",
	"America/Sao_Paulo",
	"America/Phoenix",
	"America/Vancouver",
	"Asia/Dubai",
	"Asia/Hong_Kong",
	"Europe/Warsaw",
	"Europe/Lisbon",
	"Australia/Melbourne",
	"Asia/Seoul",
	"America/Mexico_City",
	"Europe/Brussels",
	"Europe/Copenhagen",
	"Europe/Oslo",
	"Europe/Vienna",
	"Europe/Prague",
	"Europe/Helsinki",
	"Europe/Athens",
	"Europe/Bucharest",
	"Europe/Kyiv",
	"Asia/Jerusalem",
	"Europe/Istanbul",
	"Africa/Johannesburg",
	"Africa/Lagos",
	"Africa/Cairo",
	"Africa/Nairobi",
	"Asia/Karachi",
	"Asia/Dhaka",
	"Asia/Bangkok",
	"Asia/Jakarta",
	"Asia/Manila",
	"Asia/Taipei",
	"Asia/Kuala_Lumpur",
	"Asia/Ho_Chi_Minh",
	"Australia/Brisbane",
	"Australia/Perth",
	"Australia/Adelaide",
	"Pacific/Auckland",
	"America/Halifax",
	"America/Anchorage",
	"Pacific/Honolulu",
	"America/Bogota",
	"America/Lima",
	"America/Santiago",
	"America/Argentina/Buenos_Aires",
	"Europe/Moscow",
	"Asia/Riyadh",
	"Asia/Tehran",
	"Asia/Kathmandu",
	"America/St_Johns",
	"Atlantic/Reykjavik",
}

// countries maps a country-code top-level domain to that country's zones,
// most populous first. Domains used worldwide for their letters (.io,
// .ai, .co, .me, .tv …) are left out: they say nothing of where the
// writer is.
var countries = map[string][]string{
	"us": {"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"},
	"ca": {"America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg", "America/Halifax", "America/St_Johns", "America/Regina"},
	"mx": {"America/Mexico_City", "America/Monterrey", "America/Tijuana", "America/Cancun"},
	"br": {"America/Sao_Paulo", "America/Manaus"},
	"ar": {"America/Argentina/Buenos_Aires"},
	"cl": {"America/Santiago"},
	"pe": {"America/Lima"},
	"uk": {"Europe/London"},
	"gb": {"Europe/London"},
	"ie": {"Europe/Dublin"},
	"de": {"Europe/Berlin"},
	"fr": {"Europe/Paris"},
	"nl": {"Europe/Amsterdam"},
	"be": {"Europe/Brussels"},
	"lu": {"Europe/Luxembourg"},
	"ch": {"Europe/Zurich"},
	"at": {"Europe/Vienna"},
	"es": {"Europe/Madrid", "Atlantic/Canary"},
	"pt": {"Europe/Lisbon", "Atlantic/Azores"},
	"it": {"Europe/Rome"},
	"se": {"Europe/Stockholm"},
	"no": {"Europe/Oslo"},
	"dk": {"Europe/Copenhagen"},
	"fi": {"Europe/Helsinki"},
	"is": {"Atlantic/Reykjavik"},
	"pl": {"Europe/Warsaw"},
	"cz": {"Europe/Prague"},
	"sk": {"Europe/Bratislava"},
	"hu": {"Europe/Budapest"},
	"si": {"Europe/Ljubljana"},
	"hr": {"Europe/Zagreb"},
	"rs": {"Europe/Belgrade"},
	"ro": {"Europe/Bucharest"},
	"bg": {"Europe/Sofia"},
	"gr": {"Europe/Athens"},
	"ee": {"Europe/Tallinn"},
	"lv": {"Europe/Riga"},
	"lt": {"Europe/Vilnius"},
	"ua": {"Europe/Kyiv"},
	"tr": {"Europe/Istanbul"},
	"ru": {"Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"},
	"il": {"Asia/Jerusalem"},
	"ae": {"Asia/Dubai"},
	"sa": {"Asia/Riyadh"},
	"qa": {"Asia/Qatar"},
	"ir": {"Asia/Tehran"},
	"eg": {"Africa/Cairo"},
	"ma": {"Africa/Casablanca"},
	"ng": {"Africa/Lagos"},
	"ke": {"Africa/Nairobi"},
	"za": {"Africa/Johannesburg"},
	"in": {"Asia/Kolkata"},
	"pk": {"Asia/Karachi"},
	"bd": {"Asia/Dhaka"},
	"lk": {"Asia/Colombo"},
	"np": {"Asia/Kathmandu"},
	"cn": {"Asia/Shanghai"},
	"hk": {"Asia/Hong_Kong"},
	"tw": {"Asia/Taipei"},
	"jp": {"Asia/Tokyo"},
	"kr": {"Asia/Seoul"},
	"sg": {"Asia/Singapore"},
	"my": {"Asia/Kuala_Lumpur"},
	"th": {"Asia/Bangkok"},
	"vn": {"Asia/Ho_Chi_Minh"},
	"id": {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"},
	"ph": {"Asia/Manila"},
	"au": {"Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Perth", "Australia/Adelaide", "Australia/Hobart", "Australia/Darwin"},
	"nz": {"Pacific/Auckland"},
}

// zone is a loaded candidate.
type zone struct {
	name string
	loc  *time.Location
}

// tables are the candidates and the countries' zones, loaded once. A
// zone the zone database lacks is left out rather than failing: a guess
// from fewer zones is still a guess.
type tables struct {
	ranked    []zone
	countries map[string][]zone
}

var loaded = sync.OnceValue(func() *tables {
	cache := map[string]*time.Location{}
	load := func(names []string) []zone {
		var out []zone
		for _, n := range names {
			loc, ok := cache[n]
			if !ok {
				loc, _ = time.LoadLocation(n)
				cache[n] = loc
			}
			if loc != nil {
				out = append(out, zone{n, loc})
			}
		}
		return out
	}
	t := &tables{ranked: load(candidates), countries: make(map[string][]zone, len(countries))}
	for tld, names := range countries {
		t.countries[tld] = load(names)
	}
	return t
})
