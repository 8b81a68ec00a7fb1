// Package common is what every screen of the terminal UI shares: the
// context of one session ([Common]: its renderer and styles, key map, size,
// results store, clock and Markdown renderer), the [Page] interface every
// screen implements, the [Store] interface of the results store the UI
// uses, and small helpers for text that comes from outside.
//
// Nothing here is global: two sessions in one process (two terminals over
// SSH, or two tests) each build their own [Common] from their own
// lipgloss renderer, and never share a style, a key map or a size.
package common
