package calendar

import (
	"strconv"
	"strings"
)

// windowsZone returns the IANA name for a Windows time zone name as
// Outlook and Exchange write it in TZID ("W. Europe Standard Time"), or for
// one of the common display names ("(UTC+01:00) Amsterdam, Berlin, Bern,
// Rome, Stockholm, Vienna"). It returns "" for names it does not know.
// The table follows CLDR's windowsZones (territory 001) for the zones
// people are likely to meet in; FLE Standard Time maps to Europe/Helsinki,
// which shares its rules, so that old tz databases without Europe/Kyiv work.
func windowsZone(tzid string) string {
	if name, ok := windowsNames[strings.ToLower(tzid)]; ok {
		return name
	}
	if _, rest, ok := strings.Cut(tzid, ") "); ok && strings.HasPrefix(tzid, "(") {
		return displayNames[strings.ToLower(strings.TrimSpace(rest))]
	}
	return ""
}

// displayOffset reads the UTC offset of a Windows display name such as
// "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi" or "(GMT-05:00) …",
// in seconds east of UTC.
func displayOffset(tzid string) (int, bool) {
	s, ok := strings.CutPrefix(tzid, "(UTC")
	if !ok {
		if s, ok = strings.CutPrefix(tzid, "(GMT"); !ok {
			return 0, false
		}
	}
	if strings.HasPrefix(s, ")") {
		return 0, true
	}
	if len(s) < 7 || (s[0] != '+' && s[0] != '-') || s[3] != ':' || s[6] != ')' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[4:6])
	if err1 != nil || err2 != nil || h > 14 || m > 59 {
		return 0, false
	}
	off := h*3600 + m*60
	if s[0] == '-' {
		off = -off
	}
	return off, true
}

// windowsNames maps lower-cased Windows zone IDs to IANA names.
var windowsNames = map[string]string{
	"dateline standard time":          "Etc/GMT+12",
	"utc-11":                          "Etc/GMT+11",
	"aleutian standard time":          "America/Adak",
	"hawaiian standard time":          "Pacific/Honolulu",
	"alaskan standard time":           "America/Anchorage",
	"pacific standard time (mexico)":  "America/Tijuana",
	"pacific standard time":           "America/Los_Angeles",
	"us mountain standard time":       "America/Phoenix",
	"mountain standard time (mexico)": "America/Mazatlan",
	"mountain standard time":          "America/Denver",
	"central america standard time":   "America/Guatemala",
	"central standard time (mexico)":  "America/Mexico_City",
	"mexico standard time":            "America/Mexico_City",
	"central standard time":           "America/Chicago",
	"canada central standard time":    "America/Regina",
	"sa pacific standard time":        "America/Bogota",
	"eastern standard time (mexico)":  "America/Cancun",
	"eastern standard time":           "America/New_York",
	"us eastern standard time":        "America/Indiana/Indianapolis",
	"venezuela standard time":         "America/Caracas",
	"atlantic standard time":          "America/Halifax",
	"sa western standard time":        "America/La_Paz",
	"central brazilian standard time": "America/Cuiaba",
	"pacific sa standard time":        "America/Santiago",
	"newfoundland standard time":      "America/St_Johns",
	"e. south america standard time":  "America/Sao_Paulo",
	"sa eastern standard time":        "America/Cayenne",
	"argentina standard time":         "America/Argentina/Buenos_Aires",
	"montevideo standard time":        "America/Montevideo",
	"utc-02":                          "Etc/GMT+2",
	"mid-atlantic standard time":      "Etc/GMT+2",
	"azores standard time":            "Atlantic/Azores",
	"cape verde standard time":        "Atlantic/Cape_Verde",
	"utc":                             "UTC",
	"coordinated universal time":      "UTC",
	"gmt standard time":               "Europe/London",
	"greenwich standard time":         "Atlantic/Reykjavik",
	"morocco standard time":           "Africa/Casablanca",
	"w. europe standard time":         "Europe/Berlin",
	"central europe standard time":    "Europe/Budapest",
	"romance standard time":           "Europe/Paris",
	"central european standard time":  "Europe/Warsaw",
	"w. central africa standard time": "Africa/Lagos",
	"jordan standard time":            "Asia/Amman",
	"gtb standard time":               "Europe/Bucharest",
	"middle east standard time":       "Asia/Beirut",
	"egypt standard time":             "Africa/Cairo",
	"e. europe standard time":         "Europe/Chisinau",
	"syria standard time":             "Asia/Damascus",
	"south africa standard time":      "Africa/Johannesburg",
	"fle standard time":               "Europe/Helsinki",
	"israel standard time":            "Asia/Jerusalem",
	"kaliningrad standard time":       "Europe/Kaliningrad",
	"namibia standard time":           "Africa/Windhoek",
	"arabic standard time":            "Asia/Baghdad",
	"turkey standard time":            "Europe/Istanbul",
	"arab standard time":              "Asia/Riyadh",
	"belarus standard time":           "Europe/Minsk",
	"russian standard time":           "Europe/Moscow",
	"e. africa standard time":         "Africa/Nairobi",
	"iran standard time":              "Asia/Tehran",
	"arabian standard time":           "Asia/Dubai",
	"azerbaijan standard time":        "Asia/Baku",
	"mauritius standard time":         "Indian/Mauritius",
	"georgian standard time":          "Asia/Tbilisi",
	"caucasus standard time":          "Asia/Yerevan",
	"afghanistan standard time":       "Asia/Kabul",
	"west asia standard time":         "Asia/Tashkent",
	"ekaterinburg standard time":      "Asia/Yekaterinburg",
	"pakistan standard time":          "Asia/Karachi",
	"india standard time":             "Asia/Kolkata",
	"sri lanka standard time":         "Asia/Colombo",
	"nepal standard time":             "Asia/Kathmandu",
	"central asia standard time":      "Asia/Almaty",
	"bangladesh standard time":        "Asia/Dhaka",
	"myanmar standard time":           "Asia/Yangon",
	"se asia standard time":           "Asia/Bangkok",
	"n. central asia standard time":   "Asia/Novosibirsk",
	"north asia standard time":        "Asia/Krasnoyarsk",
	"china standard time":             "Asia/Shanghai",
	"north asia east standard time":   "Asia/Irkutsk",
	"singapore standard time":         "Asia/Singapore",
	"w. australia standard time":      "Australia/Perth",
	"taipei standard time":            "Asia/Taipei",
	"ulaanbaatar standard time":       "Asia/Ulaanbaatar",
	"tokyo standard time":             "Asia/Tokyo",
	"korea standard time":             "Asia/Seoul",
	"yakutsk standard time":           "Asia/Yakutsk",
	"cen. australia standard time":    "Australia/Adelaide",
	"aus central standard time":       "Australia/Darwin",
	"e. australia standard time":      "Australia/Brisbane",
	"aus eastern standard time":       "Australia/Sydney",
	"west pacific standard time":      "Pacific/Port_Moresby",
	"tasmania standard time":          "Australia/Hobart",
	"vladivostok standard time":       "Asia/Vladivostok",
	"magadan standard time":           "Asia/Magadan",
	"central pacific standard time":   "Pacific/Guadalcanal",
	"new zealand standard time":       "Pacific/Auckland",
	"utc+12":                          "Etc/GMT-12",
	"fiji standard time":              "Pacific/Fiji",
	"tonga standard time":             "Pacific/Tongatapu",
	"samoa standard time":             "Pacific/Apia",
	"line islands standard time":      "Pacific/Kiritimati",
}

// displayNames maps the lower-cased city part of the most common Windows
// display names (what follows "(UTC+01:00) ") to IANA names.
var displayNames = map[string]string{
	"dublin, edinburgh, lisbon, london":                 "Europe/London",
	"amsterdam, berlin, bern, rome, stockholm, vienna":  "Europe/Berlin",
	"belgrade, bratislava, budapest, ljubljana, prague": "Europe/Budapest",
	"brussels, copenhagen, madrid, paris":               "Europe/Paris",
	"sarajevo, skopje, warsaw, zagreb":                  "Europe/Warsaw",
	"athens, bucharest":                                 "Europe/Bucharest",
	"helsinki, kyiv, riga, sofia, tallinn, vilnius":     "Europe/Helsinki",
	"jerusalem":                             "Asia/Jerusalem",
	"moscow, st. petersburg":                "Europe/Moscow",
	"istanbul":                              "Europe/Istanbul",
	"abu dhabi, muscat":                     "Asia/Dubai",
	"chennai, kolkata, mumbai, new delhi":   "Asia/Kolkata",
	"beijing, chongqing, hong kong, urumqi": "Asia/Shanghai",
	"kuala lumpur, singapore":               "Asia/Singapore",
	"osaka, sapporo, tokyo":                 "Asia/Tokyo",
	"seoul":                                 "Asia/Seoul",
	"canberra, melbourne, sydney":           "Australia/Sydney",
	"brisbane":                              "Australia/Brisbane",
	"auckland, wellington":                  "Pacific/Auckland",
	"eastern time (us & canada)":            "America/New_York",
	"central time (us & canada)":            "America/Chicago",
	"mountain time (us & canada)":           "America/Denver",
	"pacific time (us & canada)":            "America/Los_Angeles",
	"arizona":                               "America/Phoenix",
	"alaska":                                "America/Anchorage",
	"hawaii":                                "Pacific/Honolulu",
	"atlantic time (canada)":                "America/Halifax",
	"brasilia":                              "America/Sao_Paulo",
	"guadalajara, mexico city, monterrey":   "America/Mexico_City",
	"coordinated universal time":            "UTC",
	"casablanca":                            "Africa/Casablanca",
	"cairo":                                 "Africa/Cairo",
	"harare, pretoria":                      "Africa/Johannesburg",
	"nairobi":                               "Africa/Nairobi",
	"west central africa":                   "Africa/Lagos",
	"bangkok, hanoi, jakarta":               "Asia/Bangkok",
	"perth":                                 "Australia/Perth",
	"taipei":                                "Asia/Taipei",
	"islamabad, karachi":                    "Asia/Karachi",
	"tehran":                                "Asia/Tehran",
	"baghdad":                               "Asia/Baghdad",
	"kuwait, riyadh":                        "Asia/Riyadh",
	"bogota, lima, quito, rio branco":       "America/Bogota",
	"buenos aires":                          "America/Argentina/Buenos_Aires",
	"santiago":                              "America/Santiago",
	"newfoundland":                          "America/St_Johns",
	"adelaide":                              "Australia/Adelaide",
	"darwin":                                "Australia/Darwin",
	"hobart":                                "Australia/Hobart",
	"amsterdam, berlin, bern, rom, stockholm, wien":              "Europe/Berlin",
	"bruxelles, copenhague, madrid, paris":                       "Europe/Paris",
	"amsterdam, berlijn, bern, rome, stockholm, wenen":           "Europe/Berlin",
	"belgrad, bratislava (pressburg), budapest, ljubljana, prag": "Europe/Budapest",
}
