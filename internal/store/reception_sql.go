package store

import (
	"database/sql"
	"strconv"
	"strings"
)

// Helpers shared by the reception and follow-up storage.

type nullInt64 struct{ sql.NullInt64 }

func (n nullInt64) v() int64 { return n.Int64 }

func itoa(n int) string { return strconv.Itoa(n) }

// placeholders returns "$k, $k+1, …" for n arguments starting at k.
func placeholders(k, n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = "$" + itoa(k+i)
	}
	return strings.Join(ph, ", ")
}
