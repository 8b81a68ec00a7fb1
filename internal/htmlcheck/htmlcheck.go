// Package htmlcheck holds the checks the report tests share: a page is well
// formed and self-contained.
package htmlcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// WellFormed checks that doc is well formed, strictly: it must parse as XML
// with encoding/xml in strict mode (every element closed, void elements
// self-closed, attributes quoted, only XML entities), AND the HTML5 parser of
// golang.org/x/net/html must build the same tree of elements from it. The
// second half catches what XML alone would accept but a browser would
// restructure: a <div> inside a <p>, a row outside a <tbody>, a stray end
// tag that HTML ignores. It returns the HTML tree.
func WellFormed(t testing.TB, doc []byte) *html.Node {
	t.Helper()
	var xmlElems []string
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col := dec.InputPos()
			t.Fatalf("not well formed (strict XML) at %d:%d: %v\n%s", line, col, err, lineOf(doc, line))
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			xmlElems = append(xmlElems, tk.Name.Local)
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if depth != 0 {
		t.Fatalf("%d elements left open", depth)
	}
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("html.Parse: %v", err)
	}
	var htmlElems []string
	Walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode {
			htmlElems = append(htmlElems, n.Data)
		}
	})
	if !slices.Equal(xmlElems, htmlElems) {
		for i := range min(len(xmlElems), len(htmlElems)) {
			if xmlElems[i] != htmlElems[i] {
				t.Fatalf("the HTML parser builds another tree than the XML one: element %d is <%s> in XML, <%s> in HTML", i, xmlElems[i], htmlElems[i])
			}
		}
		t.Fatalf("the HTML parser finds %d elements, the XML one %d", len(htmlElems), len(xmlElems))
	}
	return root
}

func lineOf(doc []byte, n int) string {
	lines := strings.Split(string(doc), "\n")
	if n >= 1 && n <= len(lines) {
		return lines[n-1]
	}
	return ""
}

// SelfContained checks that a page loads nothing from elsewhere and
// runs nothing: no script, no external link, image, frame or font.
func SelfContained(t testing.TB, root *html.Node, doc []byte) {
	t.Helper()
	selfContained(t, root, doc, nil)
}

// SelfContainedLinks is SelfContained for a page of a set of files that
// are read together offline: it may link, with <a href>, to an anchor of its
// own (#id) and to the files named in local, and to nothing else.
func SelfContainedLinks(t testing.TB, root *html.Node, doc []byte, local []string) {
	t.Helper()
	selfContained(t, root, doc, func(href string) bool {
		return strings.HasPrefix(href, "#") && len(href) > 1 || slices.Contains(local, href)
	})
}

func selfContained(t testing.TB, root *html.Node, doc []byte, link func(string) bool) {
	t.Helper()
	Walk(root, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "link", "img", "iframe", "object", "embed", "image", "use", "base", "audio", "video", "source":
			t.Errorf("the page holds a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			k := strings.ToLower(a.Key)
			if n.Data == "a" && k == "href" && link != nil && link(a.Val) {
				continue
			}
			if k == "src" || k == "href" || k == "srcset" || k == "action" || strings.HasSuffix(k, "href") {
				t.Errorf("<%s %s=%q>: the page must not reference anything", n.Data, a.Key, a.Val)
			}
			if strings.HasPrefix(k, "on") {
				t.Errorf("<%s %s>: event handler", n.Data, a.Key)
			}
		}
	})
	// and in the raw bytes, in case the parser forgave something
	if regexp.MustCompile(`(?i)<script`).Match(doc) {
		t.Error("the page contains <script")
	}
	for _, m := range regexp.MustCompile(`(?i)<([a-z]+)[^>]*\s(src|href|srcset|xlink:href)\s*=\s*"([^"]*)"`).FindAllSubmatch(doc, -1) {
		if link == nil || strings.ToLower(string(m[1])) != "a" || strings.ToLower(string(m[2])) != "href" || !link(html.UnescapeString(string(m[3]))) {
			t.Errorf("the page references something: %s", m[0])
		}
	}
	if m := regexp.MustCompile(`(?i)<[a-z][^>]*\s(src|href|srcset|xlink:href)\s*=\s*[^"\s]`).Find(doc); m != nil {
		t.Errorf("the page references something: %s", m)
	}
	for _, st := range Find(root, "style", "") {
		css := strings.ToLower(textOf(st))
		for _, bad := range []string{"url(", "@import", "@font-face"} {
			if strings.Contains(css, bad) {
				t.Errorf("the style sheet contains %q", bad)
			}
		}
	}
}

// Walk calls f on n and every node under it, depth first.
func Walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, f)
	}
}

// HasClass reports whether element n has the class.
func HasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && slices.Contains(strings.Fields(a.Val), class) {
			return true
		}
	}
	return false
}

// Find returns the elements of a tag (any tag if "") with a class (any if "").
func Find(root *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	Walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) && (class == "" || HasClass(n, class)) {
			out = append(out, n)
		}
	})
	return out
}

// textOf is the text content of a node.
func textOf(n *html.Node) string {
	var b strings.Builder
	Walk(n, func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	})
	return b.String()
}
