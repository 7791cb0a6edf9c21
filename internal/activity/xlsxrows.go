package activity

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
)

// A streaming reader of one worksheet's cells, for large imports: it reads
// the parts of the XLSX file it needs (workbook, relationships, shared
// strings, the sheet) with a plain byte scanner, a tenth of the time of a
// general spreadsheet library. Values are the cells' text, or numbers
// without a format as written. Anything it does not read exactly as the
// general reader would — a number with a format (a date), a boolean —
// makes it give up with errUnreadable, and the caller reads the file the
// general way.

var errUnreadable = errors.New("xlsx: not read by the streaming reader")

// xlsxSheetRows calls fn with each row of the sheet named sheet (the first
// sheet when there is none of that name), numbered from 1, rows missing
// from the file given empty.
func xlsxSheetRows(data []byte, sheet string, fn func(line int, row []string) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return errUnreadable
	}
	part := func(name string) ([]byte, bool) {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					return nil, false
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				return b, err == nil
			}
		}
		return nil, false
	}
	wb, ok := part("xl/workbook.xml")
	if !ok {
		return errUnreadable
	}
	rels, ok := part("xl/_rels/workbook.xml.rels")
	if !ok {
		return errUnreadable
	}
	rid := ""
	for i, el := range xmlElements(wb, "sheet") {
		name, id := xmlAttr(el, "name"), xmlAttr(el, "r:id")
		if i == 0 || xmlUnescape(name) == sheet {
			rid = id
		}
		if xmlUnescape(name) == sheet {
			break
		}
	}
	target := ""
	for _, el := range xmlElements(rels, "Relationship") {
		if xmlAttr(el, "Id") == rid {
			target = xmlAttr(el, "Target")
		}
	}
	if rid == "" || target == "" {
		return errUnreadable
	}
	if strings.HasPrefix(target, "/") {
		target = strings.TrimPrefix(target, "/")
	} else {
		target = path.Join("xl", target)
	}
	ws, ok := part(target)
	if !ok {
		return errUnreadable
	}
	var shared []string
	if ss, ok := part("xl/sharedStrings.xml"); ok {
		if shared, err = xmlSharedStrings(ss); err != nil {
			return err
		}
	}
	return xmlSheetRows(ws, shared, fn)
}

// xmlElements returns the start tags <name …> of the document.
func xmlElements(doc []byte, name string) [][]byte {
	var out [][]byte
	open := []byte("<" + name)
	for {
		i := bytes.Index(doc, open)
		if i < 0 {
			return out
		}
		doc = doc[i+len(open):]
		if len(doc) == 0 || (doc[0] != ' ' && doc[0] != '>' && doc[0] != '/' && doc[0] != '\t' && doc[0] != '\n' && doc[0] != '\r') {
			continue
		}
		end := bytes.IndexByte(doc, '>')
		if end < 0 {
			return out
		}
		out = append(out, doc[:end])
		doc = doc[end:]
	}
}

// xmlAttr is an attribute's raw value in a start tag's text.
func xmlAttr(tag []byte, name string) string {
	for len(tag) > 0 {
		i := bytes.Index(tag, []byte(name))
		if i < 0 {
			return ""
		}
		if i+len(name) >= len(tag) || tag[i+len(name)] != '=' ||
			(i > 0 && tag[i-1] != ' ' && tag[i-1] != '\t' && tag[i-1] != '\n' && tag[i-1] != '\r') {
			tag = tag[i+len(name):]
			continue
		}
		rest := tag[i+len(name)+1:]
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return ""
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return ""
		}
		return string(rest[1 : 1+end])
	}
	return ""
}

// xmlUnescape resolves the entities and character references of XML text.
func xmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexByte(s, ';')
		if end < 0 {
			b.WriteString(s)
			return b.String()
		}
		ent := s[1:end]
		switch {
		case ent == "amp":
			b.WriteByte('&')
		case ent == "lt":
			b.WriteByte('<')
		case ent == "gt":
			b.WriteByte('>')
		case ent == "quot":
			b.WriteByte('"')
		case ent == "apos":
			b.WriteByte('\'')
		case strings.HasPrefix(ent, "#x"):
			n, err := strconv.ParseUint(ent[2:], 16, 32)
			if err != nil {
				b.WriteString(s[:end+1])
			} else {
				b.WriteRune(rune(n))
			}
		case strings.HasPrefix(ent, "#"):
			n, err := strconv.ParseUint(ent[1:], 10, 32)
			if err != nil {
				b.WriteString(s[:end+1])
			} else {
				b.WriteRune(rune(n))
			}
		default:
			b.WriteString(s[:end+1])
		}
		s = s[end+1:]
	}
}

// xmlText joins the text of the <t> elements of an element's content,
// leaving out phonetic runs (<rPh>).
func xmlText(content []byte) (string, error) {
	var b strings.Builder
	for {
		i := bytes.Index(content, []byte("<t"))
		if i < 0 {
			return xmlUnescape(b.String()), nil
		}
		if ph := bytes.Index(content, []byte("<rPh")); ph >= 0 && ph < i {
			end := bytes.Index(content[ph:], []byte("</rPh>"))
			if end < 0 {
				return "", errUnreadable
			}
			content = content[ph+end+len("</rPh>"):]
			continue
		}
		rest := content[i+2:]
		if len(rest) == 0 {
			return "", errUnreadable
		}
		if rest[0] != '>' && rest[0] != ' ' && rest[0] != '/' {
			content = rest // <tag…> other than <t>
			continue
		}
		gt := bytes.IndexByte(rest, '>')
		if gt < 0 {
			return "", errUnreadable
		}
		if gt > 0 && rest[gt-1] == '/' { // <t/>
			content = rest[gt+1:]
			continue
		}
		rest = rest[gt+1:]
		end := bytes.Index(rest, []byte("</t>"))
		if end < 0 {
			return "", errUnreadable
		}
		b.Write(rest[:end])
		content = rest[end+4:]
	}
}

// xmlSharedStrings reads the shared strings' table.
func xmlSharedStrings(doc []byte) ([]string, error) {
	var out []string
	for {
		i := bytes.Index(doc, []byte("<si"))
		if i < 0 {
			return out, nil
		}
		doc = doc[i+3:]
		gt := bytes.IndexByte(doc, '>')
		if gt < 0 {
			return nil, errUnreadable
		}
		if gt > 0 && doc[gt-1] == '/' { // <si/>
			out = append(out, "")
			doc = doc[gt+1:]
			continue
		}
		end := bytes.Index(doc, []byte("</si>"))
		if end < 0 {
			return nil, errUnreadable
		}
		s, err := xmlText(doc[gt+1 : end])
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		doc = doc[end+5:]
	}
}

// cellColumn is the 0-based column of a reference such as "AB12".
func cellColumn(ref string) int {
	col := 0
	for i := 0; i < len(ref); i++ {
		c := ref[i]
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
	}
	return col - 1
}

// xmlSheetRows calls fn with each row of a worksheet.
func xmlSheetRows(doc []byte, shared []string, fn func(line int, row []string) error) error {
	i := bytes.Index(doc, []byte("<sheetData"))
	if i < 0 {
		return errUnreadable
	}
	doc = doc[i:]
	line := 0
	var row []string
	for {
		i := bytes.Index(doc, []byte("<row"))
		if i < 0 {
			return nil
		}
		doc = doc[i+4:]
		gt := bytes.IndexByte(doc, '>')
		if gt < 0 {
			return errUnreadable
		}
		tag := doc[:gt]
		n := line + 1
		if r := xmlAttr(tag, "r"); r != "" {
			v, err := strconv.Atoi(r)
			if err != nil || v <= line {
				return errUnreadable
			}
			n = v
		}
		for line+1 < n { // rows absent from the file
			line++
			if err := fn(line, nil); err != nil {
				return err
			}
		}
		line = n
		row = row[:0]
		var content []byte
		if len(tag) > 0 && tag[len(tag)-1] == '/' {
			doc = doc[gt+1:]
		} else {
			end := bytes.Index(doc, []byte("</row>"))
			if end < 0 {
				return errUnreadable
			}
			content, doc = doc[gt+1:end], doc[end+6:]
		}
		for len(content) > 0 {
			c := bytes.Index(content, []byte("<c"))
			if c < 0 {
				break
			}
			content = content[c+2:]
			if len(content) == 0 || (content[0] != ' ' && content[0] != '>' && content[0] != '/') {
				continue
			}
			gt := bytes.IndexByte(content, '>')
			if gt < 0 {
				return errUnreadable
			}
			ctag := content[:gt]
			col := len(row)
			if r := xmlAttr(ctag, "r"); r != "" {
				col = cellColumn(r)
				if col < len(row) {
					return errUnreadable
				}
			}
			var inner []byte
			if len(ctag) > 0 && ctag[len(ctag)-1] == '/' {
				content = content[gt+1:]
			} else {
				end := bytes.Index(content, []byte("</c>"))
				if end < 0 {
					return errUnreadable
				}
				inner, content = content[gt+1:end], content[end+4:]
			}
			t := xmlAttr(ctag, "t")
			if st := xmlAttr(ctag, "s"); (t == "" || t == "n") && st != "" && st != "0" && len(inner) > 0 {
				// A number with a format (a date, a time, decimals): its
				// text is the format's, as the general reader writes it,
				// which the keys of imported rows were made of.
				return errUnreadable
			}
			val, err := cellValue(t, inner, shared)
			if err != nil {
				return err
			}
			for len(row) < col {
				row = append(row, "")
			}
			row = append(row, val)
		}
		for len(row) > 0 && row[len(row)-1] == "" {
			row = row[:len(row)-1]
		}
		if err := fn(line, row); err != nil {
			return err
		}
	}
}

// cellValue is a cell's value by its type.
func cellValue(t string, inner []byte, shared []string) (string, error) {
	if t == "inlineStr" {
		return xmlText(inner)
	}
	v := ""
	if i := bytes.Index(inner, []byte("<v>")); i >= 0 {
		end := bytes.Index(inner[i:], []byte("</v>"))
		if end < 0 {
			return "", errUnreadable
		}
		v = string(inner[i+3 : i+end])
	}
	switch t {
	case "s":
		if v == "" {
			return "", nil
		}
		k, err := strconv.Atoi(v)
		if err != nil || k < 0 || k >= len(shared) {
			return "", errUnreadable
		}
		return shared[k], nil
	case "", "n", "str", "e":
		return xmlUnescape(v), nil
	}
	return "", errUnreadable // booleans, dates written as text: read the general way
}
