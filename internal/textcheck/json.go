package textcheck

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// JSONFields walks the tokens of a JSON body and names the fields whose key
// or string value is refused (as an OpenAPI document names them, "a.b.0.c";
// the body itself is "corps"); a body that is not JSON names nothing more (the
// decoder reports it).
func JSONFields(body []byte) []string {
	if utf8.Valid(body) && !bytes.Contains(body, []byte(`\u`)) && Valid(string(body)) {
		return nil // nothing can hide a refused rune
	}
	type level struct {
		array   bool
		wantKey bool
		key     string
		index   int
	}
	var stack []*level
	path := func() string {
		parts := make([]string, 0, len(stack))
		for _, l := range stack {
			if l.array {
				parts = append(parts, strconv.Itoa(l.index))
			} else {
				parts = append(parts, l.key)
			}
		}
		if len(parts) == 0 {
			return "corps"
		}
		return strings.Join(parts, ".")
	}
	seen := map[string]bool{}
	var bad []string
	report := func() {
		if p := path(); !seen[p] {
			seen[p] = true
			bad = append(bad, p)
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			break
		}
		valid := utf8.Valid(body[start:dec.InputOffset()])
		if str, ok := tok.(string); ok && !Valid(str) {
			valid = false
		}
		if n := len(stack); n > 0 && stack[n-1].wantKey {
			if key, ok := tok.(string); ok {
				stack[n-1].key, stack[n-1].wantKey = key, false
				if !valid {
					report()
				}
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &level{wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &level{array: true})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if !valid {
				report()
			}
		}
		// a whole value was read: its container moves on
		if n := len(stack); n > 0 {
			if stack[n-1].array {
				stack[n-1].index++
			} else {
				stack[n-1].wantKey = true
			}
		}
	}
	sort.Strings(bad)
	return bad
}
