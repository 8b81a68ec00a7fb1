package report

import (
	"encoding/json"
	"io"
)

// JSON writes the after-action report as one JSON object: the Report, with
// snake_case field names and numbers as numbers.
func JSON(w io.Writer, in Input) error {
	r, err := Build(in)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
