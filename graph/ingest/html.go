package ingest

import (
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlDoc is what kgraph keeps of an HTML page.
type htmlDoc struct {
	Title, Date, URL, Text string
}

// skipped elements contribute no visible text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Head: true, atom.Nav: true, atom.Button: true, atom.Select: true,
}

// blockElems end a paragraph, so their text becomes its own block.
var blockElems = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Li: true, atom.Tr: true, atom.Td: true,
	atom.Th: true, atom.Article: true, atom.Section: true, atom.Header: true, atom.Footer: true,
	atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Dt: true, atom.Dd: true, atom.Figcaption: true, atom.Hr: true, atom.Main: true, atom.Aside: true,
}

// dateMeta are meta names and properties that carry a publication date.
var dateMeta = []string{"article:published_time", "date", "dc.date", "dc.date.issued", "pubdate",
	"publishdate", "og:published_time", "datePublished", "sailthru.date", "parsely-pub-date"}

// parseHTML extracts the visible text of a page with a real HTML parser
// (scripts, styles and navigation dropped; block elements separated by blank
// lines), its title, its publication date from meta tags or <time>, and its
// canonical URL.
func parseHTML(r io.Reader) (htmlDoc, error) {
	root, err := html.Parse(r)
	if err != nil {
		return htmlDoc{}, err
	}
	var d htmlDoc
	var b strings.Builder
	meta := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if d.Title == "" {
					d.Title = strings.Join(strings.Fields(textOf(n)), " ")
				}
				return
			case atom.Meta:
				k := strings.ToLower(attr(n, "property"))
				if k == "" {
					k = strings.ToLower(attr(n, "name"))
				}
				if k == "" {
					k = strings.ToLower(attr(n, "itemprop"))
				}
				if k != "" {
					meta[k] = attr(n, "content")
				}
				return
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") {
					meta["canonical"] = attr(n, "href")
				}
				return
			case atom.Time:
				if meta["time"] == "" {
					meta["time"] = attr(n, "datetime")
				}
			}
			if skipped[n.DataAtom] && n.DataAtom != atom.Head {
				return
			}
			if blockElems[n.DataAtom] {
				b.WriteString("\n\n")
			}
		}
		if n.Type == html.TextNode {
			t := strings.Join(strings.Fields(n.Data), " ")
			if t != "" {
				if b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") && !strings.HasSuffix(b.String(), " ") {
					b.WriteByte(' ')
				}
				b.WriteString(t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blockElems[n.DataAtom] {
			b.WriteString("\n\n")
		}
	}
	walk(root)
	if t := meta["og:title"]; d.Title == "" && t != "" {
		d.Title = t
	}
	for _, k := range dateMeta {
		if v := normalizeDate(meta[strings.ToLower(k)]); v != "" {
			d.Date = v
			break
		}
	}
	if d.Date == "" {
		d.Date = normalizeDate(meta["time"])
	}
	d.URL = meta["canonical"]
	if d.URL == "" {
		d.URL = meta["og:url"]
	}
	d.Text = collapseBlankLines(b.String())
	if d.Date == "" {
		d.Date = findDateline(d.Text)
	}
	return d, nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// collapseBlankLines trims each line and keeps at most one blank line
// between paragraphs.
func collapseBlankLines(s string) string {
	var out []string
	blank := true
	for _, ln := range strings.Split(s, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, ln)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
