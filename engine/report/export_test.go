package report

// Exported for the tests.
var (
	FormatPercent = percent
	FormatHours   = hours
	Inline        = inline
)
