package exercise

// A document is a list of blocks. Text in blocks is untrusted and may hold
// the little Markdown scenario text uses (**strong**, *emphasis*, `code`):
// the renderers escape it.

// document is one generated document.
type document struct {
	name    string // file name without extension
	title   string // the <title> and the index entry
	purpose string // one line for the index
	blocks  []block
}

// block is one element of a document: exactly one field is set.
type block struct {
	Heading *heading
	Para    *para
	Prose   string // multi-paragraph scenario Markdown
	List    *list
	Table   *table
	Facts   []fact
	Box     *box
	Lines   int      // lines left blank for writing
	Ratings *ratings // a 1 to 5 rating per item, with boxes to tick
	Links   []link   // the index's links to the documents
}

type heading struct {
	Level int
	Text  string
	ID    string
}

type para struct {
	Text  string
	Class string // "note" for a muted aside, "lead" for an introduction
}

type list struct {
	Items   []string
	Ordered bool
}

type table struct {
	Caption string
	Head    []string
	Rows    [][]string
	Class   string
}

type fact struct{ Term, Def string }

// box groups blocks that print together: a card, or a scene of a guide.
type box struct {
	Class  string
	Blocks []block
}

type ratings struct {
	Head  string   // what is rated
	Items []string // one row each
	Low   string   // what 1 means
	High  string   // what 5 means
}

type link struct {
	Title, Purpose, HTML, Markdown string
}

func h(level int, text string) block { return block{Heading: &heading{Level: level, Text: text}} }
func p(text string) block            { return block{Para: &para{Text: text}} }
func note(text string) block         { return block{Para: &para{Text: text, Class: "note"}} }
func lead(text string) block         { return block{Para: &para{Text: text, Class: "lead"}} }
func prose(text string) block        { return block{Prose: text} }
func ul(items ...string) block       { return block{List: &list{Items: items}} }
func ol(items ...string) block       { return block{List: &list{Items: items, Ordered: true}} }
func facts(fs ...fact) block         { return block{Facts: fs} }
func lines(n int) block              { return block{Lines: n} }
func keep(class string, bs ...block) block {
	return block{Box: &box{Class: class, Blocks: bs}}
}
func tbl(caption string, head []string, rows [][]string) block {
	return block{Table: &table{Caption: caption, Head: head, Rows: rows}}
}
