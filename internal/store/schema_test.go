package store_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// schemaDifferences lists the differences between the two dialects that are
// intended, each with its reason. Any other difference fails the test.
var schemaDifferences = map[string]string{}

// TestSchemasMatchAcrossDialects migrates both databases and compares what
// they hold: tables, columns, nullability, type families, indexes (columns,
// uniqueness, partial), primary and foreign keys.
func TestSchemasMatchAcrossDialects(t *testing.T) {
	ctx := context.Background()
	lite, err := storetest.SQLite(t).DescribeSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := storetest.Postgres(t).DescribeSchema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	diffs := compareSchemas(lite, pg)
	seen := map[string]bool{}
	for _, d := range diffs {
		if _, ok := schemaDifferences[d]; ok {
			seen[d] = true
			continue
		}
		t.Errorf("schema difference: %s", d)
	}
	for d, why := range schemaDifferences {
		if !seen[d] {
			t.Errorf("listed difference no longer exists (remove it): %s (%s)", d, why)
		}
	}
	t.Logf("%d tables compared, %d differences listed with a reason", len(lite.Tables), len(schemaDifferences))
}

func compareSchemas(a, b store.Schema) []string {
	var out []string
	names := map[string]bool{}
	for n := range a.Tables {
		names[n] = true
	}
	for n := range b.Tables {
		names[n] = true
	}
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		ta, tb := a.Tables[n], b.Tables[n]
		switch {
		case ta == nil:
			out = append(out, "table "+n+" only in postgres")
			continue
		case tb == nil:
			out = append(out, "table "+n+" only in sqlite")
			continue
		}
		cols := map[string]bool{}
		for c := range ta.Columns {
			cols[c] = true
		}
		for c := range tb.Columns {
			cols[c] = true
		}
		var cs []string
		for c := range cols {
			cs = append(cs, c)
		}
		sort.Strings(cs)
		for _, c := range cs {
			ca, oka := ta.Columns[c]
			cb, okb := tb.Columns[c]
			switch {
			case !oka:
				out = append(out, n+"."+c+" only in postgres")
			case !okb:
				out = append(out, n+"."+c+" only in sqlite")
			case ca.Family != cb.Family:
				out = append(out, fmt.Sprintf("%s.%s type %s in sqlite, %s in postgres", n, c, ca.Family, cb.Family))
			case ca.NotNull != cb.NotNull:
				out = append(out, fmt.Sprintf("%s.%s not null %v in sqlite, %v in postgres", n, c, ca.NotNull, cb.NotNull))
			}
		}
		if ta.PrimaryKey != tb.PrimaryKey {
			out = append(out, fmt.Sprintf("%s primary key (%s) in sqlite, (%s) in postgres", n, ta.PrimaryKey, tb.PrimaryKey))
		}
		if x := strings.Join(ta.Indexes, "; "); x != strings.Join(tb.Indexes, "; ") {
			out = append(out, fmt.Sprintf("%s indexes [%s] in sqlite, [%s] in postgres", n, x, strings.Join(tb.Indexes, "; ")))
		}
		if x := strings.Join(ta.ForeignKeys, "; "); x != strings.Join(tb.ForeignKeys, "; ") {
			out = append(out, fmt.Sprintf("%s foreign keys [%s] in sqlite, [%s] in postgres", n, x, strings.Join(tb.ForeignKeys, "; ")))
		}
	}
	return out
}

// TestCompareSchemasSeesEachKindOfDifference keeps the comparison honest.
func TestCompareSchemasSeesEachKindOfDifference(t *testing.T) {
	base := func() store.Schema {
		return store.Schema{Tables: map[string]*store.Table{"t": {
			Columns:     map[string]store.Column{"id": {Family: "int", NotNull: true}, "name": {Family: "text", NotNull: true}},
			PrimaryKey:  "id",
			Indexes:     []string{"unique (name)"},
			ForeignKeys: []string{"id -> u.id"},
		}}}
	}
	for name, change := range map[string]func(s store.Schema){
		"table":       func(s store.Schema) { s.Tables["x"] = &store.Table{} },
		"column":      func(s store.Schema) { delete(s.Tables["t"].Columns, "name") },
		"type":        func(s store.Schema) { s.Tables["t"].Columns["name"] = store.Column{Family: "time", NotNull: true} },
		"nullability": func(s store.Schema) { s.Tables["t"].Columns["name"] = store.Column{Family: "text"} },
		"primary key": func(s store.Schema) { s.Tables["t"].PrimaryKey = "name" },
		"index":       func(s store.Schema) { s.Tables["t"].Indexes = []string{"(name)"} },
		"foreign key": func(s store.Schema) { s.Tables["t"].ForeignKeys = nil },
	} {
		b := base()
		change(b)
		if d := compareSchemas(base(), b); len(d) != 1 {
			t.Errorf("%s: %d differences found, want 1: %v", name, len(d), d)
		}
	}
	if d := compareSchemas(base(), base()); len(d) != 0 {
		t.Errorf("identical schemas differ: %v", d)
	}
}
