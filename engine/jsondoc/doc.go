// Package jsondoc holds the JSON documents ttx writes for scripts: their
// names and versions, and the parts they share, so that one concept has one
// name and one shape everywhere (docs/json.md is the contract, and
// docs/schemas holds a JSON Schema per document).
//
// Every top-level document starts with a [Header]: its format name and
// format version. Names are snake_case; a run is known by run_id (and uuid
// across machines), a scenario by a [Scenario] object, a score by
// total_percent and a list of [Principle]; an empty list is [], an absent
// time null, and a time is RFC 3339 in UTC to the millisecond.
package jsondoc
