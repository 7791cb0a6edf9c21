package store

import (
	"database/sql"
	"strconv"
	"strings"
)

// Helpers shared by the reception and follow-up storage.

type nullInt64 struct{ sql.NullInt64 }

func (n nullInt64) v() int64 { return n.Int64 }

func Itoa(n int) string { return strconv.Itoa(n) }

// placeholders returns "$k, $k+1, …" for n arguments starting at k.
func Placeholders(k, n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = "$" + Itoa(k+i)
	}
	return strings.Join(ph, ", ")
}
