package engine

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dayShape is a date written YYYY-MM-DD, whether or not the day exists.
var dayShape = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)

// ParseDay reads a day written YYYY-MM-DD (spaces around it ignored) and
// returns midnight UTC of it. Its error is a phrase that starts with the
// value and says what is wrong with it: the format when the text is not
// YYYY-MM-DD, the calendar when it is but the day does not exist
// ("2027-02-30" is not a day of the calendar: February 2027 has 28 days).
func ParseDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	m := dayShape.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD, e.g. 2027-03-31", s)
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 {
		return time.Time{}, fmt.Errorf("%q is not a day of the calendar: there is no month %d; the month comes second, 01 to 12", s, month)
	}
	days := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Time{}, fmt.Errorf("%q is not a day of the calendar: %s %d has %d days", s, time.Month(month), year, days)
}
