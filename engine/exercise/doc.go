// Package exercise writes the printable exercise package of a scenario, in
// the shapes of CISA's Tabletop Exercise Packages (CTEP) and FEMA's HSEEP:
// an Exercise Plan, a Situation Manual, role cards, inject cards, a
// facilitator and evaluator guide and a participant feedback form, with an
// index. Each document comes as one self-contained HTML file laid out for
// A4 (no scripts, fonts or images from elsewhere) and as Markdown.
//
// The documents are built once as a tree of blocks (headings, paragraphs,
// lists, tables, cards) and rendered twice: to HTML with html/template and
// to Markdown, escaping every text at its boundary, since scenario files and
// flags are untrusted.
package exercise
